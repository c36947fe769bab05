// Parser throughput: a pytest -v log of 100k tests and a tqdm log of 100k `\r` redraws, built
// in memory and fed in 64 KiB chunks, as a supervisor would feed a pipe.
// Run after `npx tsc -p tsconfig.json`:  node bench/parsers.js
// Prints one JSON object per line: {"bench": "...", "mb": …, "mbPerS": …, "linesPerS": …}.
import {createParser} from '../dist/source/core/parsers/index.js';

const CHUNK = 64 * 1024;

function pytestLog(n) {
	const lines = ['============================= test session starts ==============================', `collected ${n} items`, ''];
	const outcomes = ['PASSED', 'PASSED', 'PASSED', 'PASSED', 'PASSED', 'PASSED', 'FAILED', 'SKIPPED', 'XFAIL', 'ERROR'];
	for (let i = 0; i < n; i++) {
		const id = `tests/unit/test_module_${Math.floor(i / 100)}.py::test_case_${i}[param-${i % 7}]`;
		const word = outcomes[i % outcomes.length];
		const pct = `[${String(Math.floor(((i + 1) * 100) / n)).padStart(3)}%]`;
		lines.push(`${id} ${word}`.padEnd(80 - pct.length) + pct);
	}
	lines.push('=========================== short test summary info ============================');
	for (let i = 6; i < n; i += 10) lines.push(`FAILED tests/unit/test_module_${Math.floor(i / 100)}.py::test_case_${i}[param-${i % 7}] - assert 1 == 2`);
	lines.push(`= ${n / 10} failed, ${(n * 6) / 10} passed, ${n / 10} skipped, ${n / 10} xfailed, ${n / 10} errors in 123.45s =`);
	return {text: lines.join('\n') + '\n', lines: lines.length};
}

function tqdmLog(n) {
	let text = '';
	for (let i = 0; i <= n; i++) {
		const pct = Math.floor((i * 100) / n);
		const bar = '█'.repeat(Math.floor(pct / 10)).padEnd(10);
		text += `\rExtract: ${String(pct).padStart(3)}%|${bar}| ${i}/${n} [00:12<00:15,  3.61it/s]`;
	}
	return {text: text + '\n', lines: n + 1};
}

function bench(name, kind, {text, lines}) {
	const bytes = Buffer.from(text, 'utf8');
	const chunks = [];
	for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(bytes.subarray(i, i + CHUNK));
	let best = Infinity;
	let result;
	for (let round = 0; round < 5; round++) {
		const parser = createParser(kind);
		const start = process.hrtime.bigint();
		let t = 0;
		for (const c of chunks) {
			parser.feed(c, (t += 10));
			parser.snapshot(); // a supervisor snapshots after reads; include its cost
		}
		parser.end();
		result = parser.snapshot();
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
	}
	const mb = bytes.length / 1e6;
	console.log(JSON.stringify({bench: name, mb: +mb.toFixed(2), seconds: +best.toFixed(4), mbPerS: +(mb / best).toFixed(1), linesPerS: Math.round(lines / best), done: result.done, total: result.total}));
}

bench('pytest -v, 100k tests', 'pytest', pytestLog(100_000));
bench('tqdm, 100k redraws', 'tqdm', tqdmLog(100_000));
