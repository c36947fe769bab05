/**
 * What the model received, read from the requests the stand-in API recorded: where queue-tui's
 * result line appears and how many bytes each wake added.
 */
import type {Recorded} from './messages-api.js';

/** Every text block of a request's messages, in order, with its role. */
export function texts(r: Recorded): Array<{role: string; text: string}> {
	const out: Array<{role: string; text: string}> = [];
	const walk = (role: string, c: unknown): void => {
		if (typeof c === 'string') out.push({role, text: c});
		else if (Array.isArray(c)) for (const b of c) walk(role, b);
		else if (c && typeof c === 'object') {
			const b = c as {text?: unknown; content?: unknown; input?: unknown};
			if (typeof b.text === 'string') out.push({role, text: b.text});
			if (b.content !== undefined) walk(role, b.content);
			if (b.input !== undefined) out.push({role, text: JSON.stringify(b.input)});
		}
	};
	for (const m of r.body.messages) walk(m.role, m.content);
	return out;
}

/** How many times `needle` occurs in everything the request sends as conversation. */
export function occurrences(r: Recorded, needle: string): number {
	return texts(r).reduce((n, t) => n + t.text.split(needle).length - 1, 0);
}

/** The messages a request added after the previous one's conversation and the model's reply to it. */
export function added(prev: Recorded, next: Recorded): Array<{role: string; content: unknown}> {
	return next.body.messages.slice(prev.body.messages.length + 1);
}

/** UTF-8 bytes of the text in some messages (what the model reads, without JSON framing). */
export function bytesOf(messages: Array<{role: string; content: unknown}>): number {
	return texts({at: 0, body: {messages}}).reduce((n, t) => n + Buffer.byteLength(t.text), 0);
}
