/** What the HTTP notifiers need from the outside world; tests inject all three. */
export interface HttpDeps {
	fetch?: typeof fetch;
	/** Waits before the retry; default a real timer. */
	sleep?: (ms: number) => Promise<void>;
	/** Per request, default 10 s. */
	timeoutMs?: number;
}

/** The last answer of a request (after at most one retry). */
export interface HttpAnswer {
	/** Absent when no HTTP answer came (refused, reset, timed out). */
	status?: number;
	headers?: Headers;
	body: string;
	/** The network error of the last attempt, on one line. */
	error?: string;
	attempts: number;
}

/** Pushover asks for at least 5 s before retrying a 5xx or an unanswered request. */
export const RETRY_DELAY_MS = 5_000;
/** A Retry-After longer than this is not waited for: the job's runner should not hang on a notice. */
const MAX_RETRY_DELAY_MS = 60_000;
/** One request may take this long, answer included, before it counts as unanswered. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Server answers are kept only this long: they end up in one-line details. */
const MAX_BODY = 4_000;

/** The real sleep. */
export const realSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/**
 * POSTs once, and once more after >= 5 s when the server answered 5xx or did not answer.
 * A 4xx (429 included) is never retried: the server said no, and repeating it gets the IP
 * blocked (Pushover). Never throws.
 */
export async function postWithRetry(
	url: string,
	init: {headers: Record<string, string>; body: string},
	deps: HttpDeps = {},
): Promise<HttpAnswer> {
	const first = await postOnce(url, init, deps);
	if (first.status !== undefined && first.status < 500) return {...first, attempts: 1};
	await (deps.sleep ?? realSleep)(retryDelay(first.headers));
	const second = await postOnce(url, init, deps);
	return {...second, attempts: 2};
}

async function postOnce(
	url: string,
	init: {headers: Record<string, string>; body: string},
	deps: HttpDeps,
): Promise<Omit<HttpAnswer, 'attempts'>> {
	const timeoutMs = deps.timeoutMs ?? REQUEST_TIMEOUT_MS;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		const response = await (deps.fetch ?? fetch)(url, {method: 'POST', ...init, signal: controller.signal});
		const body = (await response.text()).slice(0, MAX_BODY);
		return {status: response.status, headers: response.headers, body};
	} catch (error) {
		const text = controller.signal.aborted ? `no answer within ${timeoutMs / 1000}s` : describeError(error);
		return {body: '', error: text};
	} finally {
		clearTimeout(timer);
	}
}

function retryDelay(headers: Headers | undefined): number {
	const seconds = Number(headers?.get('retry-after'));
	if (!Number.isFinite(seconds) || seconds <= 0) return RETRY_DELAY_MS;
	return Math.min(MAX_RETRY_DELAY_MS, Math.max(RETRY_DELAY_MS, seconds * 1000));
}

/** Node's fetch throws "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`. */
export function describeError(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const cause = (error as {cause?: unknown}).cause;
	const inner = cause instanceof Error ? cause : error;
	// With several addresses Node throws an AggregateError whose own message is empty.
	const first = inner instanceof AggregateError ? inner.errors[0] : undefined;
	const code = (inner as {code?: unknown}).code;
	const text = inner.message || (first instanceof Error ? first.message : '') || String(code ?? error.message);
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The body parsed as JSON, or undefined: a proxy may answer HTML. */
export function parseJson(body: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(body);
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
