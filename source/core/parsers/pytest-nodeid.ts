/**
 * pytest node ids inside printed lines. A node id is a file path, `::` parts (names: no spaces,
 * no brackets) and, for a parametrized test, one `[...]` part that may hold anything pytest
 * prints for a parameter id: spaces, ` - `, brackets (balanced or not), `::`, `\uXXXX` escapes.
 *
 *   FAILED tests/a.py::test_list - assert [1, 2, 3] == [1, 2, 4]    → id `tests/a.py::test_list`
 *   FAILED tests/a.py::test_p[a [b] - c] - AssertionError: x - y   → id `tests/a.py::test_p[a [b] - c]`
 *   ERROR tests/sub/test_broken.py - ModuleNotFoundError: …        → id `tests/sub/test_broken.py`
 *
 * The text after the id is a free message, so where the id ends is decided by the structure of
 * node ids first, then by ids the same output printed elsewhere (`-v` lines, FAILURES headers).
 */

/** The id and message of `<nodeid> - <message>` (the part after `FAILED ` / `ERROR `). */
export function splitIdAndMessage(rest: string, isKnown: (id: string) => boolean): {id: string; reason: string} {
	const cuts: number[] = [];
	for (let i = rest.indexOf(' - '); i >= 0; i = rest.indexOf(' - ', i + 1)) cuts.push(i);
	cuts.push(rest.length);
	const valid = cuts.filter((cut) => looksLikeId(rest.slice(0, cut)));
	// A known id wins; then one whose parameter brackets balance; then the shortest well-formed one.
	const cut = valid.find((c) => isKnown(rest.slice(0, c))) ?? valid.find((c) => balanced(rest.slice(0, c))) ?? valid[0] ?? cuts[0];
	return {id: rest.slice(0, cut).trim(), reason: rest.slice(cut + 3).trim()};
}

/**
 * The node id at the start of `-v -s` output (`tests/a.py::test_p[a b] text the test printed`):
 * up to the first space outside a balanced parameter part.
 */
export function leadingId(text: string): string {
	const sp = text.indexOf(' ');
	const open = text.indexOf('[');
	if (sp < 0 || open < 0 || open > sp) return sp < 0 ? text : text.slice(0, sp);
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		const c = text[i];
		if (c === '[') depth++;
		else if (c === ']' && --depth === 0 && (i + 1 === text.length || text[i + 1] === ' ')) return text.slice(0, i + 1);
	}
	return text.slice(0, sp);
}

/** The name pytest prints in a `____ name ____` FAILURES header for a node id. */
export function headlineOf(id: string): string {
	const sep = id.indexOf('::');
	if (sep < 0) return id;
	const name = id.slice(sep + 2);
	const br = name.indexOf('[');
	return br < 0 ? name.replace(/::/g, '.') : name.slice(0, br).replace(/::/g, '.') + name.slice(br);
}

/** Path, `::` names, then at most one `[...]` part that ends the id. */
function looksLikeId(id: string): boolean {
	if (id === '' || id.startsWith('-')) return false;
	const sep = id.indexOf('::');
	const open = id.indexOf('[');
	if (open < 0) return !/\s/.test(id);
	return sep >= 0 && sep < open && id.endsWith(']') && !/\s/.test(id.slice(0, open)) && !id.slice(0, open).endsWith(':');
}

function balanced(id: string): boolean {
	const open = id.indexOf('[');
	if (open < 0) return true;
	let depth = 0;
	for (let i = open; i < id.length; i++) {
		if (id[i] === '[') depth++;
		else if (id[i] === ']' && --depth === 0) return i === id.length - 1;
	}
	return false;
}
