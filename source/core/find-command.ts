import fs from 'node:fs';
import path from 'node:path';

// On its own, apart from job-process.ts: `add` checks for sbatch without loading execa.

/** Where the command would be found, or why it can't be: checked before spawning, so "not found" is a clear reason. */
export function findCommand(command: string, cwd: string, pathVar: string | undefined): string | undefined {
	const executable = (file: string) => {
		try {
			return fs.statSync(file).isFile() && (fs.accessSync(file, fs.constants.X_OK), true);
		} catch {
			return false;
		}
	};
	if (command.includes('/')) return executable(path.resolve(cwd, command)) ? command : undefined;
	for (const dir of (pathVar ?? '').split(path.delimiter)) {
		if (dir && executable(path.join(dir, command))) return path.join(dir, command);
	}
	return undefined;
}
