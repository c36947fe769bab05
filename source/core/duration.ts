/** Parses `90s`, `30m`, `1h30m`, `500ms`, `2d` or a bare number of seconds. Returns ms, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const unit: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};
	const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
	let total = 0;
	let consumed = 0;
	for (const m of trimmed.matchAll(re)) {
		total += Number(m[1]) * unit[m[2]];
		consumed += m[0].length;
	}
	if (consumed === 0 || consumed !== trimmed.length) return undefined;
	return Math.round(total);
}

/** `3m12s`, `1h04m`, `45s`, `0s`: short enough for a 40-column pane. */
export function formatDuration(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
	const h = Math.floor(m / 60);
	if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
	return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}
