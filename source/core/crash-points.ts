/**
 * A test hook for fault injection. With `QUEUE_TUI_CRASH_AT=<point>` in its environment, a runner
 * SIGKILLs itself at that step, exactly as `kill -9` (or a power cut, for queue-tui's own state)
 * would stop it there. Only a runner arms it (a plain `add` never crashes). The points, in a job's
 * life:
 *
 * - `after-claim`: the job is marked running (claim committed), nothing spawned yet;
 * - `after-spawn`: its process runs, its pid is not written yet;
 * - `before-pid`: inside the transaction that writes the pid, before it commits;
 * - `before-end`: the job has exited and the runner knows its status, before that is written;
 * - `before-report`: the end is committed, its report not written yet;
 * - `mid-status`: between writing `status` and `status.json`, in the first status write that
 *   carries a finished job;
 * - `add-before-commit`: a job handed over `add`'s socket is inserted, its transaction not committed;
 * - `add-before-answer`: that job is committed, its id not yet answered to the `add`.
 *
 * The crash-point tests (tests/core/crash-points.e2e.test.ts) prove that after each one the job
 * runs exactly once (or is re-queued without spending a retry if it never started).
 */
export type CrashPoint = 'after-claim' | 'after-spawn' | 'before-pid' | 'before-end' | 'before-report' | 'mid-status' | 'add-before-commit' | 'add-before-answer';

let armed = false;

/** Called by the runner: only its own steps can be crash points. */
export function armCrashPoints(): void {
	armed = Boolean(process.env.QUEUE_TUI_CRASH_AT);
}

/** Dies here, now, if this is the configured point. */
export function crashPoint(point: CrashPoint): void {
	if (armed && process.env.QUEUE_TUI_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
