/**
 * HTML building blocks: every piece of untrusted text (job output, commands, labels) goes through
 * `t`, which removes escape sequences and controls and then HTML-escapes it. Pages are strings.
 */
import {sanitize} from '../core/text.js';

const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

/** Untrusted text, safe inside HTML text or a quoted attribute (newlines kept for <pre>). */
export function t(text: string | number | undefined | null): string {
	return sanitize(String(text ?? ''), {keepNewlines: true}).replace(/[&<>"']/g, c => ENTITIES[c]);
}

/** A path segment for a link (labels may hold any character). */
export const seg = (text: string) => encodeURIComponent(text);

export interface Shell {
	title: string;
	sidebar: string;
	main: string;
	/** The view's live regions are refreshed from `/events?view=…`. */
	view: string;
}

/** The whole page around a view: one stylesheet, one small script, no build step. */
export function page(s: Shell): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(s.title)} · queue-tui</title>
<link rel="stylesheet" href="/static/style.css">
<script src="/static/live.js" defer></script>
</head><body data-view="${t(s.view)}">
<header><a href="/" class="brand">queue-tui</a><span id="clock"></span></header>
<div class="layout">
<nav id="sidebar">${s.sidebar}</nav>
<main id="main">${s.main}</main>
</div>
</body></html>`;
}

/** A progress bar: percent filled, with its text beside. */
export function bar(percent: number | undefined, text: string): string {
	const p = percent === undefined ? 0 : Math.max(0, Math.min(100, percent));
	// <progress>, not a styled div: the pages' CSP allows no inline style attributes.
	return `<progress class="bar" role="progressbar" value="${p.toFixed(1)}" max="100" aria-valuenow="${Math.floor(p)}" aria-valuemin="0" aria-valuemax="100"></progress><div class="bartext">${t(text)}</div>`;
}
