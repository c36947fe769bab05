/**
 * The zsh completion script: the same walk as the bash one (subcommand, flag values, the job's
 * own command handed to _normal), with each subcommand and flag described.
 */
import {flagsByValue, wordsAction, type CompletionSpec, type FlagSpec, type Words} from './spec.js';

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
/** `_describe` items: `name:what it does`. */
const item = (name: string, help: string) => quote(`${name.replaceAll(':', '\\:')}:${help}`);
const flagItems = (flags: FlagSpec[]) => flags.flatMap(f => [item(`--${f.name}`, f.help), ...(f.short ? [item(`-${f.short}`, f.help)] : [])]).join(' ');
const ids = 'compadd -- ${(f)"$(_queue_tui_ids $home)"}';

const wordsCase = (words: Words) =>
	wordsAction(words, {command: '_queue_tui_job $CURRENT', ids, files: '_files', choices: c => `((nwords == 0)) && compadd -- ${c.join(' ')}`});

export function zshScript(spec: CompletionSpec): string {
	const byValue = flagsByValue(spec);
	const valueAction = {id: `${ids}; return`, dir: '_files -/; return', file: '_files; return', other: 'return'};
	const valueCases = (['id', 'dir', 'file', 'other'] as const).filter(k => byValue[k].length > 0).map(k => `\t\t(${byValue[k].join('|')}) ${valueAction[k]} ;;`);
	const flagCases = spec.commands.map(c => `\t\t(${c.name}) items=(${flagItems(c.flags)}) ;;`);
	const wordCases = spec.commands.flatMap(c => {
		const action = wordsCase(c.words);
		return action ? [`\t(${c.name}) ${action} ;;`] : [];
	});
	return `#compdef queue-tui
# zsh completion for queue-tui. Either save it on your $fpath (before compinit runs):
#   queue-tui completion zsh > ~/.zfunc/_queue-tui     (and fpath+=(~/.zfunc) in ~/.zshrc)
# or load it after compinit in ~/.zshrc:
#   source <(queue-tui completion zsh)
_queue_tui_ids() {
	queue-tui list --ids \${1:+--home} \${1:+$1} 2>/dev/null
}
# The job's own command, from word $1 on.
_queue_tui_job() {
	shift $(($1 - 1)) words
	((CURRENT -= $1 - 1))
	_normal
}
_queue_tui() {
	local valued=' ${spec.valued.join(' ')} '
	local sub='' home='' nwords=0 i w
	local -a items
	for ((i = 2; i < CURRENT; i++)); do
		w=$words[i]
		if [[ $w == -- ]]; then
			if [[ $sub == (add|run) ]]; then _queue_tui_job $((i + 1)); return; fi
			continue
		fi
		if [[ $w == --home=* ]]; then home=\${w#--home=}; fi
		if [[ $w == -?* ]]; then
			if [[ $valued == *" $w "* ]]; then
				((i++))
				if [[ $w == --home ]]; then home=$words[i]; fi
			fi
			continue
		fi
		if [[ -z $sub ]]; then sub=$w; continue; fi
		if [[ $sub == (add|run) ]]; then _queue_tui_job $i; return; fi
		((nwords++))
	done
	local cur=$words[CURRENT] prev=$words[CURRENT-1]
	# The loop went past the cursor: the word being typed is the last flag's value.
	if ((i > CURRENT)); then
		case $prev in
${valueCases.join('\n')}
		esac
	fi
	if [[ -z $sub ]]; then
		if [[ $cur == -* ]]; then
			items=(${flagItems(spec.top)})
			_describe -t flags 'queue-tui flag' items
		else
			items=(${spec.commands.map(c => item(c.name, c.help)).join(' ')})
			_describe -t commands 'queue-tui command' items
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		case $sub in
${flagCases.join('\n')}
		esac
		_describe -t flags "queue-tui $sub flag" items
		return
	fi
	case $sub in
${wordCases.join('\n')}
	esac
}
if [[ $funcstack[1] == _queue-tui ]]; then
	_queue_tui "$@"
else
	compdef _queue_tui queue-tui
fi
`;
}
