import type {JobState} from './types.js';

/** Which jobs `jobs()` and `eachJob()` read. */
export interface JobFilter {
	states?: JobState[];
	label?: string | null;
	limit?: number;
	last?: number;
}

/** The SQL of one such read: ORDER BY position, id follows the jobs_position index (and jobs_label_position, jobs_state_position). */
export function jobsQuery(filter: JobFilter): {sql: string; args: unknown[]} {
	const where: string[] = [];
	const args: unknown[] = [];
	if (filter.states) {
		where.push(`state IN (${filter.states.map(() => '?').join(',')})`);
		args.push(...filter.states);
	}
	if (filter.label === null) {
		where.push('label IS NULL');
	} else if (filter.label !== undefined) {
		where.push('label = ?');
		args.push(filter.label);
	}
	const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
	const sql = filter.last
		? `SELECT * FROM (SELECT * FROM jobs ${cond} ORDER BY position DESC, id DESC LIMIT ${Math.floor(filter.last)}) ORDER BY position, id`
		: `SELECT * FROM jobs ${cond} ORDER BY position, id ${filter.limit ? `LIMIT ${Math.floor(filter.limit)}` : ''}`;
	return {sql, args};
}
