import {formatDuration} from './duration.js';
import {jobTitle} from './job-name.js';
import {attemptText, progressText} from './job-view.js';
import {commandLine, isFinal, type Job} from './types.js';

/** Something that happened to a job, derived by comparing two reads of the queue. */
export interface QueueEvent {
	event: 'queued' | 'started' | 'retrying' | 'progress' | 'ended';
	id: number;
	state: Job['state'];
	time: number;
	text: string;
	job: Job;
}

interface Seen {
	state: Job['state'];
	attempt: number;
	decile: number;
}

/**
 * Pure event detection over successive snapshots of the jobs: any process (runner, TUI, headless
 * observer) can narrate the queue from the database alone, whoever changed it.
 */
export class EventDiff {
	private readonly seen = new Map<number, Seen>();

	/** Remembers the jobs without reporting them (the state at start-up). */
	prime(jobs: Job[]): void {
		for (const job of jobs) this.seen.set(job.id, mark(job));
	}

	next(jobs: Job[], now: number): QueueEvent[] {
		const events: QueueEvent[] = [];
		for (const job of jobs) {
			const before = this.seen.get(job.id);
			const after = mark(job);
			this.seen.set(job.id, after);
			const emit = (event: QueueEvent['event'], text: string) => events.push({event, id: job.id, state: job.state, time: now, text, job});
			if (!before) {
				if (job.state === 'queued') emit('queued', `queued: ${commandLine(job)}`);
				else if (job.state === 'running') emit('started', startedText(job));
				else if (isFinal(job.state)) emit('ended', endedText(job, now));
				continue;
			}
			if (before.state === after.state && before.attempt === after.attempt) {
				if (job.state === 'running' && after.decile > before.decile) emit('progress', progressText(job));
				continue;
			}
			if (job.state === 'running') emit('started', startedText(job));
			else if (job.state === 'queued' && before.state === 'running') emit('retrying', `${job.reason ?? 'failed'}`);
			else if (job.state === 'queued') emit('queued', `queued again: ${commandLine(job)}`);
			else if (job.state === 'interrupted') emit('retrying', job.reason ?? 'interrupted');
			else if (isFinal(job.state)) emit('ended', endedText(job, now));
		}
		return events;
	}
}

function mark(job: Job): Seen {
	const pct = job.progress?.percent;
	return {state: job.state, attempt: job.attempt, decile: pct === undefined ? -1 : Math.floor(pct / 10)};
}

const startedText = (job: Job) => `started ${jobTitle(job)} (try ${attemptText(job)}): ${commandLine(job)}`;

function endedText(job: Job, now: number): string {
	const took = job.startedAt ? ` in ${formatDuration((job.finishedAt ?? now) - job.startedAt)}` : '';
	const progress = progressText(job);
	return `${job.state}${took}${job.reason && job.state !== 'succeeded' ? `: ${job.reason}` : ''}${progress ? ` [${progress}]` : ''}`;
}
