/**
 * The fish completion script: one `complete` line per subcommand and per flag, each guarded by
 * which subcommand the line is on (found as the parser finds it); once an `add`/`run` job's
 * command has begun, fish completes that command as if it stood alone.
 */
import {wordsAction, type CompletionSpec, type FlagSpec, type ValueKind, type Words} from './spec.js';

const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

const VALUE: Record<ValueKind, string> = {
	id: "-x -a '(__queue_tui_ids)'",
	dir: "-x -a '(__fish_complete_directories (commandline -ct))'",
	file: '-r -F',
	other: '-x',
};

function flagLine(condition: string, f: FlagSpec): string {
	const value = f.value ? ` ${VALUE[f.value]}` : '';
	return `complete -c queue-tui -n ${quote(condition)} -l ${f.name}${f.short ? ` -s ${f.short}` : ''}${value} -d ${quote(f.help)}`;
}

function wordsLine(name: string, words: Words): string | undefined {
	const action = wordsAction(words, {command: "-a '(__fish_complete_command (commandline -ct))'", ids: "-a '(__queue_tui_ids)'", files: '-F', choices: c => `-a ${quote(c.join(' '))}`});
	return action && `complete -c queue-tui -n ${quote(`__queue_tui_on ${name}`)} ${action}`;
}

export function fishScript(spec: CompletionSpec): string {
	const lines = [
		...spec.commands.map(c => `complete -c queue-tui -n __queue_tui_bare -a ${c.name} -d ${quote(c.help)}`),
		...spec.top.map(f => flagLine('__queue_tui_bare', f)),
		...spec.commands.flatMap(c => c.flags.map(f => flagLine(`__queue_tui_on ${c.name}`, f))),
		...spec.commands.flatMap(c => wordsLine(c.name, c.words) ?? []),
	];
	return `# fish completion for queue-tui. Save it where fish looks for completions:
#   queue-tui completion fish > ~/.config/fish/completions/queue-tui.fish
set -g __queue_tui_valued ${spec.valued.join(' ')}

# Prints the subcommand on the line (nothing before it); for add and run, once the job's command
# has begun, prints "job" and sets __queue_tui_job_at to where the command starts.
function __queue_tui_sub
	set -l tokens (commandline -opc)
	set -l sub
	set -l skip 0
	for i in (seq 2 (count $tokens))
		set -l w $tokens[$i]
		if test $skip = 1
			set skip 0
		else if test "$w" = --
			if contains -- "$sub" add run
				set -g __queue_tui_job_at (math $i + 1)
				echo job
				return
			end
		else if string match -qr -- '^-.' $w
			contains -- $w $__queue_tui_valued; and set skip 1
		else if test -z "$sub"
			set sub $w
		else if contains -- $sub add run
			set -g __queue_tui_job_at $i
			echo job
			return
		end
	end
	echo $sub
end

function __queue_tui_bare
	set -l sub (__queue_tui_sub)
	test -z "$sub"
end

function __queue_tui_on
	set -l sub (__queue_tui_sub)
	test "$sub" = $argv[1]
end

function __queue_tui_ids
	set -l tokens (commandline -opc)
	set -l home (string replace -rf -- '^--home=' '' $tokens)
	set -l at (contains -i -- --home $tokens); and set home $tokens[(math $at + 1)]
	queue-tui list --ids (test -n "$home"; and printf '%s\\n' --home $home[-1]) 2>/dev/null
end

# The job's own command, completed as if it stood alone.
function __queue_tui_job
	set -l tokens (commandline -opc)
	complete -C (string join ' ' -- (string escape -- $tokens[$__queue_tui_job_at..-1]) (commandline -ct))
end

complete -c queue-tui -f
complete -c queue-tui -n '__queue_tui_on job' -a '(__queue_tui_job)'
${lines.join('\n')}
`;
}
