import {isFailure, messageOf, titleOf} from './format.js';
import {cut, oneLine} from '../text.js';
import {type HttpAnswer, type HttpDeps, parseJson, postWithRetry} from './http.js';
import {pageTitle, pageUrl, type NotifyConfig, type NotifyEvent, type NotifyResult} from './types.js';

/** The Pushover API base when neither config nor env names another. */
export const PUSHOVER_API = 'https://api.pushover.net/1';

/** Pushover's own limits (https://pushover.net/api). */
const MAX_MESSAGE = 1024;
const MAX_TITLE = 250;

/** Everything needed to send, once config and env are merged. */
export interface PushoverTarget {
	token: string;
	user: string;
	baseUrl: string;
	priority?: number;
	sound?: string;
	device?: string;
	/** `serve.publicUrl`, for the message's link to the job's page. */
	publicUrl?: string;
}

/**
 * Config first, env (`PUSHOVER_TOKEN`, `PUSHOVER_USER`) for what it lacks; undefined when
 * either key is missing: then Pushover is simply not configured. The base URL comes from
 * `QUEUE_TUI_PUSHOVER_URL` before the config, so a test harness can redirect every request
 * away from the real service whatever the user's config says.
 */
export function resolvePushover(config: NotifyConfig, env: NodeJS.ProcessEnv): PushoverTarget | undefined {
	const p = config.pushover ?? {};
	const token = p.token || env.PUSHOVER_TOKEN;
	const user = p.user || env.PUSHOVER_USER;
	if (!token || !user) return undefined;
	const baseUrl = (env.QUEUE_TUI_PUSHOVER_URL || p.url || PUSHOVER_API).replace(/\/+$/, '');
	return {token, user, baseUrl, priority: p.priority, sound: p.sound, device: p.device, publicUrl: config.publicUrl};
}

/**
 * Priority: the configured one (default 0) for failures and the test, clamped to -2…1
 * (2, "emergency", needs retry/expire and an acknowledgement: not supported). A success
 * never goes above 0, so a configured 1 (bypasses quiet hours) is kept for what needs a human.
 */
export function pushoverPriority(event: NotifyEvent, configured: number | undefined): number {
	const wanted = Math.max(-2, Math.min(1, Math.trunc(configured ?? 0)));
	return isFailure(event.state) || event.state === 'test' ? wanted : Math.min(wanted, 0);
}

/** The form fields of `POST /messages.json`. */
export function pushoverForm(event: NotifyEvent, target: PushoverTarget, now = Date.now()): URLSearchParams {
	const form = new URLSearchParams({
		token: target.token,
		user: target.user,
		title: cut(titleOf(event), MAX_TITLE),
		message: cut(messageOf(event), MAX_MESSAGE),
		priority: String(pushoverPriority(event, target.priority)),
		timestamp: String(Math.floor(now / 1000)),
	});
	if (target.sound) form.set('sound', target.sound);
	if (target.device) form.set('device', target.device);
	const page = pageUrl(target, event);
	if (page) {
		form.set('url', page);
		form.set('url_title', pageTitle(event));
	}
	return form;
}

/** Sends one message. Never throws; the result is not yet redacted (`notifyAll` does that). */
export async function sendPushover(event: NotifyEvent, target: PushoverTarget, deps: HttpDeps = {}): Promise<NotifyResult> {
	const answer = await postWithRetry(
		`${target.baseUrl}/messages.json`,
		{
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: pushoverForm(event, target).toString(),
		},
		deps,
	);
	return toResult(answer);
}

function toResult(answer: HttpAnswer): NotifyResult {
	const base = {notifier: 'pushover' as const, attempts: answer.attempts};
	if (answer.status === undefined) {
		const tries = answer.attempts > 1 ? ` (${answer.attempts} attempts)` : '';
		return {...base, ok: false, detail: `no answer: ${answer.error ?? 'unknown error'}${tries}`};
	}
	const status = answer.status;
	const json = parseJson(answer.body);
	const errors = Array.isArray(json?.errors) ? json.errors.map(String).join('; ') : '';
	const ok = status >= 200 && status < 300 && json?.status !== 0;
	let said: string;
	if (ok) said = typeof json?.request === 'string' ? `accepted, request ${json.request}` : 'accepted';
	else said = errors || oneLine(answer.body, 200) || 'no body';
	const result: NotifyResult = {...base, ok, status, detail: `${status}: ${oneLine(said)}`};
	if (status === 429 || (status >= 400 && status < 500 && /quota|limit/i.test(errors))) {
		result.warning = `pushover: monthly message quota reached (${status})${limits(answer.headers)}`;
	}
	return result;
}

/** `; remaining 0, resets 2026-10-01T00:00:00Z` from Pushover's X-Limit-App-* headers, when sent. */
function limits(headers: Headers | undefined): string {
	const remaining = headers?.get('x-limit-app-remaining');
	const reset = Number(headers?.get('x-limit-app-reset'));
	const parts: string[] = [];
	if (remaining) parts.push(`remaining ${oneLine(remaining)}`);
	if (Number.isFinite(reset) && reset > 0) parts.push(`resets ${new Date(reset * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}`);
	return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}
