import {isFailure, messageOf, titleOf} from './format.js';
import {cut, oneLine} from '../text.js';
import {type HttpAnswer, type HttpDeps, parseJson, postWithRetry} from './http.js';
import {pageUrl, type NotifyConfig, type NotifyEvent, type NotifyResult, type NotifyState} from './types.js';

/** ntfy's default message size limit is 4 KB; stay well under it. */
const MAX_MESSAGE = 2000;
const MAX_TITLE = 250;

/** Everything needed to publish, once config and env are merged. */
export interface NtfyTarget {
	/** The full topic URL. */
	url: string;
	token?: string;
	priority?: string;
	/** `serve.publicUrl`, for the click action to the job's page. */
	publicUrl?: string;
}

/**
 * `QUEUE_TUI_NTFY_URL` (a topic URL) wins over the config, as for Pushover, so tests can
 * redirect; token from config, else `NTFY_TOKEN` (the ntfy CLI's own variable). Undefined
 * when no topic URL is known.
 */
export function resolveNtfy(config: NotifyConfig, env: NodeJS.ProcessEnv): NtfyTarget | undefined {
	const url = env.QUEUE_TUI_NTFY_URL || config.ntfy?.url;
	if (!url) return undefined;
	return {url, token: config.ntfy?.token || env.NTFY_TOKEN, priority: config.ntfy?.priority, publicUrl: config.publicUrl};
}

// ntfy turns tags that name an emoji into that emoji in the notification.
const TAG: Record<NotifyState, string> = {
	succeeded: 'white_check_mark',
	failed: 'x',
	timed_out: 'hourglass',
	cancelled: 'no_entry',
	skipped: 'fast_forward',
	test: 'bell',
};

/**
 * Failures (and the test) get the configured priority, default `high` (a longer vibration,
 * nothing that overrides do-not-disturb); other outcomes `default`.
 */
export function ntfyPriority(state: NotifyState, configured: string | undefined): string {
	return isFailure(state) || state === 'test' ? oneLine(configured || 'high') : 'default';
}

/**
 * HTTP headers are Latin-1 and fetch refuses anything else; ntfy decodes RFC 2047
 * encoded-words, so a Japanese label or an emoji still reaches the phone intact.
 */
export function headerText(text: string): string {
	if (/^[\x20-\x7E]*$/.test(text)) return text;
	return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** The request headers: Title, Priority, Tags, and Authorization when a token is set. */
export function ntfyHeaders(event: NotifyEvent, target: NtfyTarget): Record<string, string> {
	const headers: Record<string, string> = {
		'content-type': 'text/plain; charset=utf-8',
		Title: headerText(cut(titleOf(event), MAX_TITLE)),
		Priority: ntfyPriority(event.state, target.priority),
		Tags: `${TAG[event.state]},queue-tui`,
	};
	if (target.token) headers.Authorization = `Bearer ${target.token}`;
	const page = pageUrl(target, event);
	if (page) headers.Click = page;
	return headers;
}

/** Publishes one message to the topic. Never throws; `notifyAll` redacts the result. */
export async function sendNtfy(event: NotifyEvent, target: NtfyTarget, deps: HttpDeps = {}): Promise<NotifyResult> {
	const body = cut(messageOf(event), MAX_MESSAGE);
	const answer = await postWithRetry(target.url, {headers: ntfyHeaders(event, target), body}, deps);
	return toResult(answer);
}

function toResult(answer: HttpAnswer): NotifyResult {
	const base = {notifier: 'ntfy' as const, attempts: answer.attempts};
	if (answer.status === undefined) {
		const tries = answer.attempts > 1 ? ` (${answer.attempts} attempts)` : '';
		return {...base, ok: false, detail: `no answer: ${answer.error ?? 'unknown error'}${tries}`};
	}
	const status = answer.status;
	const json = parseJson(answer.body);
	const ok = status >= 200 && status < 300;
	// ntfy answers {"id": …} on success and {"code", "http", "error"} on failure.
	let said: string;
	if (ok) said = typeof json?.id === 'string' ? `published, id ${json.id}` : 'published';
	else said = typeof json?.error === 'string' ? json.error : oneLine(answer.body, 200) || 'no body';
	const result: NotifyResult = {...base, ok, status, detail: `${status}: ${oneLine(said)}`};
	if (status === 429) result.warning = 'ntfy: rate limit or daily message quota reached (429)';
	return result;
}
