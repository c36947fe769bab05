// `npm run bench [-- NAME…]`: runs the named benchmarks (default: all) and prints their JSON.
// Each bench compares against a floor measured in the same run, because these machines are shared and noisy.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';

const all = fs.readdirSync('bench').filter(f => f.endsWith('.js') && !['run.js', 'lib.js', 'tui-lib.js'].includes(f)).map(f => f.slice(0, -3));
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
for (const name of names) {
	if (!all.includes(name)) {
		process.stderr.write(`unknown bench '${name}' (have: ${all.join(', ')})\n`);
		process.exit(2);
	}
	const r = spawnSync(process.execPath, [`bench/${name}.js`], {stdio: 'inherit'});
	if (r.status !== 0) process.exit(r.status ?? 1);
}
