/**
 * The bash completion script. It finds the subcommand the way the parser does (the first word
 * that is neither a flag nor a flag's value), then offers that subcommand's flags, its words or
 * job ids; once an `add`/`run` job's command has begun, the rest is that command's own
 * (bash-completion's _command_offset when loaded, else command names, then files).
 */
import {flagsByValue, flagWords, wordsAction, type CompletionSpec, type Words} from './spec.js';

const ids = 'COMPREPLY=($(compgen -W "$(_queue_tui_ids "$home")" -- "$cur"))';

const wordsCase = (words: Words) =>
	wordsAction(words, {
		command: '_queue_tui_job "$COMP_CWORD"',
		ids,
		files: '_queue_tui_paths -f',
		choices: c => `((nwords == 0)) && COMPREPLY=($(compgen -W '${c.join(' ')}' -- "$cur"))`,
	});

export function bashScript(spec: CompletionSpec): string {
	const byValue = flagsByValue(spec);
	const valueAction = {id: `${ids}; return`, dir: '_queue_tui_paths -d; return', file: '_queue_tui_paths -f; return', other: 'return'};
	const valueCases = (['id', 'dir', 'file', 'other'] as const).filter(k => byValue[k].length > 0).map(k => `\t\t${byValue[k].join('|')}) ${valueAction[k]} ;;`);
	const flagCases = spec.commands.map(c => `\t\t${c.name}) flags='${flagWords(c.flags).join(' ')}' ;;`);
	const wordCases = spec.commands.flatMap(c => {
		const action = wordsCase(c.words);
		return action ? [`\t${c.name}) ${action} ;;`] : [];
	});
	return `# bash completion for queue-tui. Load it from ~/.bashrc:
#   source <(queue-tui completion bash)
_queue_tui_ids() {
	queue-tui list --ids \${1:+--home "$1"} 2>/dev/null
}
_queue_tui_paths() {
	local IFS=$'\\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen "$1" -- "$cur"))
}
# The job's own command, from word $1 on.
_queue_tui_job() {
	if declare -F _command_offset >/dev/null; then
		_command_offset "$1"
	elif (($1 == COMP_CWORD)); then
		COMPREPLY=($(compgen -c -- "$cur" | sort -u))
	else
		_queue_tui_paths -f
	fi
}
_queue_tui() {
	local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
	local valued=' ${spec.valued.join(' ')} '
	local sub='' home='' nwords=0 i w
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=\${COMP_WORDS[i]}
		if [[ $w == -- ]]; then
			if [[ $sub == add || $sub == run ]]; then _queue_tui_job $((i + 1)); return; fi
			continue
		fi
		if [[ $w == -?* ]]; then
			# A flag's value is the next word (bash splits --home=DIR into --home, =, DIR).
			if [[ $valued == *" $w "* ]]; then
				((i++))
				if [[ \${COMP_WORDS[i]} == = ]]; then ((i++)); fi
				if [[ $w == --home ]]; then home=\${COMP_WORDS[i]}; fi
			fi
			continue
		fi
		if [[ -z $sub ]]; then sub=$w; continue; fi
		if [[ $sub == add || $sub == run ]]; then _queue_tui_job "$i"; return; fi
		((nwords++))
	done
	# The loop went past the cursor: the word being typed is the last flag's value.
	if ((i > COMP_CWORD)); then
		case $prev in
${valueCases.join('\n')}
		esac
	fi
	if [[ -z $sub ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '${flagWords(spec.top).join(' ')}' -- "$cur"))
		else
			COMPREPLY=($(compgen -W '${spec.commands.map(c => c.name).join(' ')}' -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		local flags=''
		case $sub in
${flagCases.join('\n')}
		esac
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
		return
	fi
	case $sub in
${wordCases.join('\n')}
	esac
}
complete -F _queue_tui queue-tui
`;
}
