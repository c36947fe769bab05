/**
 * `{name}` placeholders in workflow commands. `{{` and `}}` are literal braces; `${…}` is left to
 * the shell (so `${HOME}` in a `shell` step is not a placeholder). Pure.
 */
const TOKEN = /\{\{|\}\}|\$\{|\{([A-Za-z_][\w-]*)\}/g;

/** The placeholder names a text uses, in order (with repeats). */
export function placeholderNames(text: string): string[] {
	return [...text.matchAll(TOKEN)].flatMap(m => (m[1] === undefined ? [] : [m[1]]));
}

/**
 * Fills every placeholder from `values` (each must be there: names were checked with the
 * definition). `quote` wraps each value first: a `shell` step gets shell-quoted values, so a
 * label with spaces stays one word.
 */
export function fillPlaceholders(text: string, values: Record<string, string>, quote: (value: string) => string = v => v): string {
	return text.replace(TOKEN, (whole, name: string | undefined) => {
		if (name === undefined) return whole === '${' ? whole : whole[0];
		return quote(values[name]);
	});
}

/** `{date}`: the local calendar date the flow was started, YYYY-MM-DD. */
export function localDate(ms: number): string {
	const d = new Date(ms);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
