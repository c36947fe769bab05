// First (cli.tsx has loaded it already, before anything else): V8's settings for the server (see memory-mode.ts).
import '../../serve/memory-mode.js';
import fs from 'node:fs';
import {UsageError} from '../../core/errors.js';
import {allowedHosts, isDefaultLoopback, newSecret} from '../../serve/guard.js';
import {createDashboard} from '../../serve/server.js';
import {existingQueueFrom, intFlag, pathsFrom, print} from '../context.js';
import type {Parsed} from '../flags.js';

/**
 * `queue-tui serve`: the web dashboard. 127.0.0.1 by default; any other address needs a token
 * (one is generated and printed once when none is given). Runs until SIGINT/SIGTERM; stopping it
 * touches no job.
 */
export async function run(p: Parsed): Promise<number> {
	const port = intFlag(p, 'port', 0, 65535) ?? 8088;
	const host = (p.flags.host as string | undefined) ?? '127.0.0.1';
	if (host === '' || /[\s/]/.test(host)) throw new UsageError(`--host takes an address or a name, not '${host}'`);
	if (p.flags.token !== undefined && p.flags['token-file'] !== undefined) throw new UsageError('give --token or --token-file, not both');
	let token = p.flags.token as string | undefined;
	const tokenFile = p.flags['token-file'] as string | undefined;
	if (tokenFile !== undefined) {
		try {
			token = fs.readFileSync(tokenFile, 'utf8').trim();
		} catch (error) {
			throw new UsageError(`--token-file ${tokenFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		}
	}
	if (token !== undefined && token.length < 16) throw new UsageError('the token must be at least 16 characters');
	const generated = token === undefined && !isDefaultLoopback(host);
	if (generated) token = newSecret();
	const q = existingQueueFrom(p);
	if (!q) throw new UsageError(`no queue in ${pathsFrom(p).home} yet (queue a job first, or give --home)`);

	const guard = {token, hosts: new Set<string>(), csrf: newSecret(), allowActions: p.flags['allow-actions'] === true};
	const dash = createDashboard(q, guard);
	await new Promise<void>((resolve, reject) => {
		dash.server.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`)));
		dash.server.listen(port, host, () => resolve());
	});
	const bound = (dash.server.address() as {port: number}).port;
	for (const h of allowedHosts(host, bound)) guard.hosts.add(h);
	const name = host.includes(':') ? `[${host}]` : host;
	const base = `http://${name}:${bound}/`;
	print(`queue-tui serve: ${base}${guard.allowActions ? ' (retry and cancel allowed)' : ' (read-only)'}`);
	// Printed once, here: the only place the generated token ever appears.
	if (generated) print(`open ${base}?token=${token}`);

	await new Promise<void>(resolve => {
		const stop = () => resolve();
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	});
	await dash.close();
	q.store.close();
	return 0;
}
