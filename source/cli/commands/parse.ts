import fs from 'node:fs';
import {UsageError} from '../../core/errors.js';
import {createParser} from '../../core/parsers/index.js';
import type {ParserKind, Progress} from '../../core/parsers/types.js';
import {sanitize} from '../../core/text.js';
import {print} from '../context.js';
import type {Parsed} from '../flags.js';

/**
 * `queue-tui parse [--kind K] [--json] FILE|-`: the live parser, fed a saved log chunk by chunk —
 * the same code path as a running job — then the final snapshot.
 */
export async function run(p: Parsed): Promise<number> {
	const [source, ...extra] = p.positionals;
	if (source === undefined || extra.length > 0) throw new UsageError('queue-tui parse: give one log file, or - for standard input');
	let kind = p.flags.kind as ParserKind | undefined;
	if (kind !== undefined && !['pytest', 'tqdm', 'generic'].includes(kind)) throw new UsageError('--kind must be one of pytest, tqdm, generic');
	let data: Buffer;
	try {
		data = source === '-' ? await readAll(process.stdin) : fs.readFileSync(source);
	} catch (error) {
		throw new UsageError(`cannot read ${source} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}
	// A job's log holds every attempt; replay the last one, as the live parser saw it.
	const marker = data.lastIndexOf(ATTEMPT_MARKER);
	const from = marker > 0 && data[marker - 1] !== 0x0a ? 0 : Math.max(0, marker);
	// Without --kind, a pytest session announces itself in its first lines.
	kind ??= /test session starts|collected \d+ items?|^platform .* -- Python/m.test(data.subarray(from, from + 65_536).toString('utf8')) ? 'pytest' : 'generic';
	const parser = createParser(kind);
	for (let at = from; at < data.length; at += CHUNK) parser.feed(data.subarray(at, Math.min(data.length, at + CHUNK)));
	parser.end();
	const snap = parser.snapshot();
	print(p.flags.json ? JSON.stringify(toJson(snap)) : toText(snap));
	return 0;
}

const ATTEMPT_MARKER = Buffer.from('[queue-tui] job ');
const CHUNK = 64 * 1024;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part));
	return Buffer.concat(parts);
}

function toJson(s: Progress): object {
	return {
		kind: s.kind, done: s.done ?? null, total: s.total ?? null, percent: s.percent ?? null, ...s.counts,
		failures: s.failures.map(f => ({id: f.id, reason: f.reason, outcome: f.outcome ?? null})),
		succeeded: s.succeeded ?? null, failedItems: s.failedItems ?? null, current: s.current ?? null,
		phase: s.phase ?? null, summaryLine: s.summaryLine ?? null, note: s.note ?? null, bytes: s.bytes,
	};
}

function toText(s: Progress): string {
	const lines = [`kind: ${s.kind}`];
	if (s.total !== undefined || s.done !== undefined) lines.push(`progress: ${s.done ?? 0}/${s.total ?? '?'}${s.percent === undefined ? '' : ` (${Math.floor(s.percent)}%)`}`);
	if (s.kind === 'pytest') {
		const c = s.counts;
		lines.push(`counts: ${c.passed} passed, ${c.failed} failed, ${c.errors} errors, ${c.skipped} skipped, ${c.xfailed} xfailed, ${c.xpassed} xpassed, ${c.deselected} deselected`);
	}
	if (s.succeeded !== undefined || s.failedItems !== undefined) lines.push(`items: ${s.succeeded ?? '?'} succeeded, ${s.failedItems ?? 0} failed`);
	if (s.summaryLine) lines.push(`summary: ${s.summaryLine}`);
	if (s.note) lines.push(`note: ${s.note}`);
	for (const f of s.failures) lines.push(`FAILED ${f.id}${f.reason ? ` - ${f.reason}` : ''}`);
	return sanitize(lines.join('\n'), {keepNewlines: true});
}
