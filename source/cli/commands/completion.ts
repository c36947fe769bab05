import {UsageError} from '../../core/errors.js';
import {bashScript} from '../completion/bash.js';
import {fishScript} from '../completion/fish.js';
import {completionSpec} from '../completion/spec.js';
import {zshScript} from '../completion/zsh.js';
import type {Parsed} from '../flags.js';

const SCRIPTS = {bash: bashScript, zsh: zshScript, fish: fishScript};

/** `queue-tui completion bash|zsh|fish`: the completion script for that shell, on stdout. */
export async function run(p: Parsed): Promise<number> {
	const [shell, ...rest] = p.positionals;
	if (shell === undefined || rest.length > 0 || !Object.hasOwn(SCRIPTS, shell)) {
		throw new UsageError(`queue-tui completion takes one shell: bash, zsh or fish${shell === undefined ? '' : `, not '${p.positionals.join(' ')}'`}`);
	}
	process.stdout.write(SCRIPTS[shell as keyof typeof SCRIPTS](completionSpec()));
	return 0;
}
