/**
 * Just enough POSIX shell word splitting to edit a `sh -c` script safely (used by the pytest
 * retry, which must add `--lf` to the pytest command inside it):
 *
 *   cd api && FOO=1 uv run pytest -q "tests/a b" 2>&1 | tee out.log   # note
 *   → [cd api] [FOO=1 uv run pytest -q tests/a b] [tee out.log]      (redirects dropped)
 *
 * Every word keeps its offsets in the script, so an edit touches only the words it means to.
 * Anything this cannot follow (command substitution, here-documents, `case` patterns, an
 * unclosed quote) gives undefined: the caller then leaves the script alone.
 */

/** One shell word: its unquoted text and where it sits in the script. */
export interface Word {
	text: string;
	/** Where the whitespace before the word starts (end of the previous token): remove from here. */
	before: number;
	start: number;
	end: number;
	/** Unquoted `$`, glob characters or a leading `~`: its value is only known at run time. */
	expands: boolean;
}

const OPERATOR = /&&|\|\||;;|\|&|[;|&()\n]/y;
const REDIRECT = /\d*(?:<<-?|>>|>&|>\||<&|<>|>|<)/y;
const WORD_END = ' \t\n;&|()<>';

/** The simple commands of a script, as lists of words, or undefined when it is beyond this parser. */
export function commandWords(script: string): Word[][] | undefined {
	const commands: Word[][] = [[]];
	let i = 0;
	let lastEnd = 0;
	let redirectTarget = false;
	while (i < script.length) {
		const ch = script[i];
		if (ch === ' ' || ch === '\t') {
			i++;
			continue;
		}
		if (ch === '\\' && script[i + 1] === '\n') {
			i += 2; // line continuation
			continue;
		}
		if (ch === '#') {
			const nl = script.indexOf('\n', i);
			i = nl < 0 ? script.length : nl;
			continue;
		}
		OPERATOR.lastIndex = i;
		const op = OPERATOR.exec(script);
		if (op) {
			if (op[0] === ';;') return undefined;
			commands.push([]);
			i = lastEnd = OPERATOR.lastIndex;
			redirectTarget = false;
			continue;
		}
		REDIRECT.lastIndex = i;
		const redirect = REDIRECT.exec(script);
		if (redirect) {
			if (redirect[0].includes('<<')) return undefined; // here-document: its body is not words
			i = lastEnd = REDIRECT.lastIndex;
			redirectTarget = true;
			continue;
		}
		const word = readWord(script, i);
		if (!word) return undefined;
		if (redirectTarget) redirectTarget = false; // `> out.log`: a file name, not an argument
		else commands[commands.length - 1].push({...word, before: lastEnd, start: i});
		i = lastEnd = word.end;
	}
	return commands.filter((c) => c.length > 0);
}

function readWord(s: string, from: number): {text: string; end: number; expands: boolean} | undefined {
	let text = '';
	let expands = false;
	let i = from;
	while (i < s.length && !WORD_END.includes(s[i])) {
		const c = s[i];
		if (c === '`' || s.startsWith('$(', i)) return undefined;
		if (c === "'") {
			const close = s.indexOf("'", i + 1);
			if (close < 0) return undefined;
			text += s.slice(i + 1, close);
			i = close + 1;
		} else if (c === '"') {
			for (i++; i < s.length && s[i] !== '"'; i++) {
				if (s[i] === '`' || s.startsWith('$(', i)) return undefined;
				if (s[i] === '$') expands = true;
				if (s[i] === '\\' && '$`"\\\n'.includes(s[i + 1] ?? '')) {
					i++;
					if (s[i] === '\n') continue; // line continuation inside quotes
				}
				text += s[i];
			}
			if (i >= s.length) return undefined;
			i++;
		} else if (c === '\\') {
			if (i + 1 >= s.length) return undefined;
			if (s[i + 1] !== '\n') text += s[i + 1];
			i += 2;
		} else {
			if ('$*?['.includes(c) || (c === '~' && i === from)) expands = true;
			text += c;
			i++;
		}
	}
	return {text, end: i, expands};
}
