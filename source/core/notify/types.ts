/** How a finished job (or `queue-tui notify test`) ended: the words the DB and the status line use. */
export type NotifyState = 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'skipped' | 'test';

/** The facts of a finished job, everything a notifier may say about it. */
export interface NotifyEvent {
	jobId: number;
	label?: string;
	kind: string;
	command: string;
	state: NotifyState;
	exitCode?: number | null;
	signal?: string | null;
	/** Counted attempts, retries included. */
	attempts: number;
	/** Time spent running: the attempts added up, without backoff or a wait for a manual retry. */
	durationMs: number;
	/** One-line summary, <= 160 bytes, as the status line would say it. */
	line: string;
	/** `.queue/reports/<id>.md`, when a report was written. */
	reportPath?: string;
	cwd: string;
	/** Set when the event is a flow's end: one notification stands for the whole flow, its steps included. */
	flow?: FlowNotice;
}

/** A flow as a notification tells it: what it is, how each of its jobs ended, and what made it fail. */
export interface FlowNotice {
	/** `f12` */
	id: string;
	name: string;
	label?: string;
	state: 'succeeded' | 'failed' | 'cancelled';
	/** Every step and check in plan order, with the state its job ended in. */
	jobs: Array<{name: string; role: 'step' | 'check'; jobId: number; state: string}>;
	/** The step (else the first check) that made the flow fail, in a few words, with the last line it printed. */
	failed?: {role: 'step' | 'check'; name: string; jobId: number; detail: string; lastLine: string};
}

/** Pushover settings; token/user fall back to `PUSHOVER_TOKEN`/`PUSHOVER_USER`. */
export interface PushoverConfig {
	token?: string;
	user?: string;
	/** API base, default `https://api.pushover.net/1` (env `QUEUE_TUI_PUSHOVER_URL` wins). */
	url?: string;
	/** -2…1 for failures; successes never above 0. Default 0. */
	priority?: number;
	sound?: string;
	device?: string;
}

/** ntfy settings; `url` is the full topic URL, e.g. `https://ntfy.sh/my-secret-topic`. */
export interface NtfyConfig {
	url: string;
	/** Bearer token (`tk_…`) for servers with access control; env `NTFY_TOKEN` as fallback. */
	token?: string;
	/** ntfy priority (1-5 or min|low|default|high|max) for failures; default `high`. */
	priority?: string;
}

/** The `notify` section of the queue-tui config. */
/** The event's dashboard page, when `serve.publicUrl` is set (none for the test message): the flow's page, else the job's. */
export function pageUrl(config: Pick<NotifyConfig, 'publicUrl'>, event: Pick<NotifyEvent, 'jobId' | 'flow'>): string | undefined {
	if (!config.publicUrl) return undefined;
	const base = config.publicUrl.replace(/\/+$/, '');
	if (event.flow) return `${base}/flow/${encodeURIComponent(event.flow.id)}`;
	return event.jobId > 0 ? `${base}/job/${event.jobId}` : undefined;
}

/** What the link is called in a Pushover message. */
export const pageTitle = (event: Pick<NotifyEvent, 'jobId' | 'flow'>): string =>
	event.flow ? `flow ${event.flow.id} in the dashboard` : `job #${event.jobId} in the dashboard`;

export interface NotifyConfig {
	/** Extra occasions besides final failures: every success, or a success after `longAfterMs`. */
	on?: ('failure' | 'success' | 'long')[];
	/** A success counts as "long" from this duration on. Default 30 min. */
	longAfterMs?: number;
	/** `serve.publicUrl`: where `queue-tui serve` is reached; notifications link to the job's page there. */
	publicUrl?: string;
	pushover?: PushoverConfig;
	ntfy?: NtfyConfig;
	/**
	 * Run with `sh -c`; job facts in env QUEUE_TUI_JOB_ID, QUEUE_TUI_STATE, QUEUE_TUI_EXIT_CODE,
	 * QUEUE_TUI_LABEL, QUEUE_TUI_COMMAND, QUEUE_TUI_LINE, QUEUE_TUI_DURATION_MS, QUEUE_TUI_REPORT;
	 * for a flow also QUEUE_TUI_FLOW_ID (`f12`) and QUEUE_TUI_FLOW (the `FlowNotice` as JSON).
	 */
	command?: string;
	/** Default true: inside tmux ($TMUX set) show a display-message and ring the bell. */
	tmux?: boolean;
}

/** The names of the notifiers, in the order results are returned. */
export type NotifierName = 'pushover' | 'ntfy' | 'command' | 'tmux';

/** What one notifier did. Never holds a secret: every text is redacted. */
export interface NotifyResult {
	notifier: NotifierName;
	ok: boolean;
	/** HTTP status (pushover, ntfy) or exit code (command, tmux) of the last attempt. */
	status?: number;
	/** What the server or command answered, secrets redacted. */
	detail: string;
	/** Something the user must act on, e.g. the Pushover monthly quota is used up. */
	warning?: string;
	/** Requests or runs made (2 when a 5xx or network error was retried). */
	attempts: number;
}
