/**
 * Structural sharing between two views. A view is plain data (objects, arrays, strings, numbers,
 * booleans, undefined), rebuilt from scratch on every change; `share` hands back the old view's
 * parts wherever the new one is deep-equal to them, and the old view itself when nothing changed.
 * So `useSyncExternalStore` sees the same object (no render at all), and `React.memo` components
 * see the same row, line or list (no reconciling) for everything that did not move.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** `next`, with each part equal to the same part of `prev` replaced by `prev`'s (same identity); `prev` when all are equal. */
export function share<T>(prev: T, next: T): T {
	if (Object.is(prev, next)) return prev;
	if (Array.isArray(prev) && Array.isArray(next)) {
		let isSame = prev.length === next.length;
		const out = next.map((item: unknown, i) => {
			const kept = i < prev.length ? share(prev[i] as unknown, item) : item;
			if (kept !== prev[i]) isSame = false;
			return kept;
		});
		return (isSame ? prev : out) as T;
	}
	if (isPlainObject(prev) && isPlainObject(next)) {
		const keys = Object.keys(next);
		// A key present in one only (even as undefined) is a difference.
		let isSame = keys.length === Object.keys(prev).length;
		const out: Record<string, unknown> = {};
		for (const key of keys) {
			const kept = Object.hasOwn(prev, key) ? share(prev[key], next[key]) : next[key];
			if (kept !== prev[key] || !Object.hasOwn(prev, key)) isSame = false;
			out[key] = kept;
		}
		return (isSame ? prev : out) as T;
	}
	return next;
}
