import type {Config} from './config.js';
import {childProcess} from './node-lazy.js';

/**
 * The GPU ids jobs share: `gpus` in `.queue-tui.json` (any ids, so tests and odd setups can name
 * their own), else the devices `nvidia-smi -L` lists, else none.
 */
export function gpuIds(config: Pick<Config, 'gpus'>): string[] {
	if (config.gpus) return [...new Set(config.gpus)];
	try {
		const out = childProcess().execFileSync('nvidia-smi', ['-L'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000});
		return [...out.matchAll(/^GPU (\d+):/gm)].map(m => m[1]);
	} catch {
		return [];
	}
}

/** `gpu 0,1` for list, the TUI and the status line; '' for a job that holds none. */
export const gpuText = (ids: readonly string[] | undefined): string => (ids && ids.length > 0 ? `gpu ${ids.join(',')}` : '');
