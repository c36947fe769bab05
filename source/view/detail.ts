/**
 * The selected job's detail, fitted to a height: title, full command, cwd, each attempt's result,
 * the parsed summary with failed tests, then as many of the last log lines as still fit.
 */
import {formatDuration} from '../core/duration.js';
import {tryCounter} from '../core/job-view.js';
import {commandLine, type Attempt, type Job} from '../core/types.js';
import {cleanLogLine, clipLogLine, etaText, percentText, safe} from './format.js';
import {clip, clipStart, textWidth, wrapHard} from '../core/text-width.js';
import {titleName, failedCount, percentOf, stalledFor, stateColor, stateWord} from './job-style.js';
import type {JobDetailData, Line} from './types.js';

/** A title rule: `─ #12 pytest · running · try 1/3 ───────`. */
export function rule(text: string, width: number, color?: Line[number]['color']): Line {
	const head = clip(`─ ${text} `, width);
	return [{text: head + '─'.repeat(Math.max(0, width - textWidth(head))), color}];
}

/** Exactly `height` lines (or fewer when there is little to say) for the selected job. */
export function detailLines(job: Job | undefined, data: JobDetailData | undefined, width: number, height: number, now: number, stalledAfterMs = 0): Line[] {
	if (height <= 0) return [];
	if (!job) return [[{text: clip('press a to queue a command, or: queue-tui add -- CMD', width), isDim: true}]];
	const out: Line[] = [];
	const room = () => height - out.length;
	const push = (lines: Line[], max: number) => {
		for (const l of lines.slice(0, Math.max(0, Math.min(max, room())))) out.push(l);
	};
	const count = tryCounter(job, data?.id === job.id ? data.attempts : undefined);
	const tries = `try ${count.n}/${count.of}`;
	const facts = ` · ${stateWord(job.state)} · ${tries}`;
	push([rule(`#${job.id} ${titleName(job, width - 5 - textWidth(`#${job.id}${facts}`))}${facts}`, width, stateColor(job.state))], 1);
	const isTall = height >= 14;
	const cmd = wrapHard(`$ ${safe(commandLine(job))}`, width, isTall ? 3 : 2).map(t => [{text: t}]);
	push(cmd, height >= 8 ? cmd.length : 1);
	push([[{text: `in ${clipStart(safe(job.cwd), width - 3)}`, isDim: true}]], 1);
	const attempts = (data?.id === job.id ? data.attempts : []).map(a => attemptLine(a, job, width, now));
	// The latest attempts matter most: keep the tail.
	push(attempts.slice(-(isTall ? 4 : 2)), isTall ? 4 : 2);
	const silent = stalledFor(job, now, stalledAfterMs);
	if (silent !== undefined) push([[{text: clip(`STALLED: no output for ${formatDuration(silent)}`, width), color: 'yellow', isBold: true}]], 1);
	push(summaryLines(job, width), isTall ? 8 : 3);
	const log = (data?.id === job.id ? data.logTail : []).map(cleanLogLine).filter(l => l !== '');
	if (log.length > 0 && room() >= 2) {
		push([rule('log', width)], 1);
		const n = room();
		push(log.slice(-n).map(t => [{text: clipLogLine(t, width), isDim: true}]), n);
	}
	return out;
}

/** `try 1  failed  exit 1  12s  3 failed` */
function attemptLine(a: Attempt, job: Job, width: number, now: number): Line {
	const end = a.state === 'running' && job.state === 'running' ? 'running' : stateWord(a.state);
	const how = a.exitCode !== undefined ? `exit ${a.exitCode}` : a.signal ? a.signal : '';
	const took = formatDuration((a.finishedAt ?? now) - a.startedAt);
	const failed = failedCount(a.progress);
	const bits = [`try ${a.seq}`, end, how, took, failed > 0 ? `${failed} failed` : '', a.counts ? '' : '(not counted)'];
	const reason = a.reason && a.state !== 'succeeded' && a.state !== 'running' ? ` · ${safe(a.reason)}` : '';
	return [{text: clip(bits.filter(Boolean).join('  ') + reason, width), color: a.state === 'running' ? 'cyan' : stateColor(a.state)}];
}

/** The parser's verdict and the failed tests or items, one line each. */
function summaryLines(job: Job, width: number): Line[] {
	const p = job.progress;
	const lines: Line[] = [];
	if (job.reason && job.state !== 'running' && job.state !== 'succeeded') {
		lines.push([{text: clip(`why: ${safe(job.reason)}`, width), color: stateColor(job.state)}]);
	}
	if (!p) return lines;
	const bits: string[] = [];
	const percent = percentOf(p);
	if (p.summaryLine) bits.push(safe(p.summaryLine));
	else {
		if (percent !== undefined) bits.push(percentText(percent));
		if (p.done !== undefined) bits.push(p.total ? `${p.done}/${p.total}` : `${p.done} done`);
		if (failedCount(p) > 0) bits.push(`${failedCount(p)} failed`);
	}
	if (job.state === 'running' && etaText(p.etaSeconds)) bits.push(`eta ${etaText(p.etaSeconds)}`);
	if (p.note) bits.push(safe(p.note));
	if (job.state === 'running' && p.current) bits.push(safe(p.current));
	if (bits.length > 0) lines.push([{text: clip(bits.join(' · '), width)}]);
	for (const f of p.failures) {
		const reason = f.reason ? `  ${safe(f.reason)}` : '';
		lines.push([{text: clip(`✗ ${safe(f.id)}${reason}`, width), color: 'red'}]);
	}
	return lines;
}
