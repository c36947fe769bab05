import {isFinal, type Job} from '../core/types.js';

/**
 * What a page shows of a job that has ended (its result line, its failures) does not change until
 * the job runs again, yet reading it costs an attempts query and a report per job per render. So
 * pages keep it here, keyed by what a new run changes; a few hundred entries bound the memory.
 */
export class FinalMemo {
	private entries = new Map<string, string>();

	constructor(private max = 500) {}

	/** `make()` for a job that has not ended; for one that has, the value made the first time. */
	get(job: Job, kind: string, make: () => string): string {
		if (!isFinal(job.state)) return make();
		const key = `${kind}:${job.id}:${job.state}:${job.attempt}:${job.finishedAt ?? ''}`;
		let value = this.entries.get(key);
		if (value === undefined) {
			value = make();
			if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
			this.entries.set(key, value);
		}
		return value;
	}
}
