import {formatDuration} from './duration.js';
import {jobTitle} from './job-name.js';
import {attemptText, progressText} from './job-view.js';
import type {Store} from './store.js';
import {eventsAfter, lastEventSeq, type LoggedEvent} from './store-events.js';
import {commandLine, type Job} from './types.js';

/** Something that happened to a job, as a narrator tells it. */
export interface QueueEvent {
	event: 'queued' | 'started' | 'retrying' | 'progress' | 'ended';
	id: number;
	state: Job['state'];
	time: number;
	text: string;
	job: Job;
}

/**
 * Follows the event log from a cursor: any process (runner, TUI, headless observer) narrates the
 * queue from the database alone, whoever changed it, reading only what happened since its last
 * look (never the jobs table as a whole). It starts at the newest event: what happened before is
 * history, not news. Progress is told once per tenth of the way.
 */
export class EventFollower {
	private cursor: number;
	private readonly decile = new Map<number, number>();

	constructor(private readonly store: Store) {
		this.cursor = lastEventSeq(store);
	}

	next(): QueueEvent[] {
		const out: QueueEvent[] = [];
		for (let batch = eventsAfter(this.store, this.cursor); batch.length > 0; batch = eventsAfter(this.store, this.cursor)) {
			const jobs = new Map<number, Job | undefined>();
			for (const e of batch) {
				this.cursor = e.seq;
				if (!jobs.has(e.jobId)) jobs.set(e.jobId, this.store.job(e.jobId));
				const current = jobs.get(e.jobId);
				const told = current && this.tell(e, {...current, state: e.state, attempt: e.attempt, tries: e.tries ?? current.tries, reason: e.reason, exitCode: e.exitCode});
				if (told) out.push(told);
			}
		}
		return out;
	}

	private tell(e: LoggedEvent, job: Job): QueueEvent | undefined {
		const say = (event: QueueEvent['event'], text: string): QueueEvent => ({event, id: job.id, state: e.state, time: e.time, text, job});
		switch (e.type) {
			case 'queued':
				return say('queued', `queued: ${commandLine(job)}`);
			case 'requeued':
				return say('queued', `queued again: ${commandLine(job)}`);
			case 'started':
				this.decile.set(job.id, -1);
				return say('started', startedText(job));
			case 'progress': {
				const decile = e.percent === undefined ? -1 : Math.floor(e.percent / 10);
				if (decile <= (this.decile.get(job.id) ?? -1)) return undefined;
				this.decile.set(job.id, decile);
				return say('progress', progressText(job));
			}
			case 'retried':
				return say('retrying', job.reason ?? (e.state === 'interrupted' ? 'interrupted' : 'failed'));
			case 'ended':
			case 'cancelled':
				this.decile.delete(job.id);
				return say('ended', endedText(job, e.time));
			default:
				return undefined; // cancelling: the end that follows is the news
		}
	}
}

const startedText = (job: Job) => `started ${jobTitle(job)} (try ${attemptText(job)}): ${commandLine(job)}`;

function endedText(job: Job, now: number): string {
	const took = job.startedAt ? ` in ${formatDuration((job.finishedAt ?? now) - job.startedAt)}` : '';
	const progress = progressText(job);
	return `${job.state}${took}${job.reason && job.state !== 'succeeded' ? `: ${job.reason}` : ''}${progress ? ` [${progress}]` : ''}`;
}
