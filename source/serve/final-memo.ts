import {isFinal, type Job} from '../core/types.js';

/**
 * What a page shows of a job or flow that has ended (its result line, its failures, its steps) does
 * not change until it runs again, yet reading it costs queries and file reads per render. So pages
 * keep it here, keyed by what a new run changes; a few hundred entries bound the memory.
 */
export class FinalMemo {
	private entries = new Map<string, string>();

	constructor(private max = 500) {}

	/** `make()` when there is no key (not ended); otherwise the value made the first time. */
	get(key: string | undefined, make: () => string): string {
		if (key === undefined) return make();
		let value = this.entries.get(key);
		if (value === undefined) {
			value = make();
			if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
			this.entries.set(key, value);
		}
		return value;
	}
}

/** The memo key of what `kind` shows of a job, while the job stays ended as it is. */
export const endedJobKey = (job: Job, kind: string): string | undefined =>
	isFinal(job.state) ? `${kind}:${job.id}:${job.state}:${job.attempt}:${job.finishedAt ?? ''}` : undefined;
