/**
 * Text queue-tui installs for Claude Code: the `/queue` skill and the CLAUDE.md snippet. Both are
 * loaded into the model's context (the skill description every session, CLAUDE.md every session),
 * so every word here costs tokens: keep them short and factual.
 */

/** `.claude/skills/queue/SKILL.md`: the `/queue` skill; its description makes Claude pick it for long commands. */
export const SKILL_MD = `---
name: queue
description: Run long commands (full pytest suites, batch or GPU scripts, builds, anything likely over ~2 minutes) through the queue-tui job queue instead of plain Bash, and check queued jobs. Use it whenever a command may outlast the Bash timeout.
argument-hint: "[command to queue | job id]"
allowed-tools: Bash(queue-tui *)
---
Current queue:
!\`queue-tui status\`

- Enqueue: Bash \`queue-tui run --label <name> -- <cmd>\` with run_in_background: true (add \`--timeout 2h\` if needed), then continue or end the turn. It exits with the job's exit code and prints one result line; you are notified when it ends.
- Workflow (steps + checks from .queue-tui.json, \`queue-tui flow list\`): Bash \`queue-tui flow run <name> --label <L> --wait\` with run_in_background: true; one line when the whole flow ends.
- Status: read \`.queue/status\` (one line).
- Results: \`queue-tui report <id> --brief\`; log: \`queue-tui log <id> --tail 40\`.
- Never poll or sleep waiting for a job.

Arguments: a command → enqueue it; a job id → its brief report. $ARGUMENTS
`;

/** Three lines appended to the project's CLAUDE.md (≈60 tokens per session). */
export const CLAUDE_MD_SNIPPET = `## Long commands (queue-tui)
Long commands (full pytest, batch scripts; >2 min): run \`queue-tui run -- <cmd>\` with run_in_background:true, then continue or end the turn; the result arrives as one line.
Status: \`.queue/status\`. Details: \`queue-tui report <id> --brief\`, \`queue-tui log <id> --tail 40\`. Never poll or sleep.
`;

/**
 * CLAUDE.md text with the snippet appended once (undefined = the file is missing). Returns the input
 * unchanged when the snippet is already there. A blank line always separates it from the user's text,
 * so removal can take exactly that line back.
 */
export function addClaudeMdSnippet(text: string | undefined): string {
	if (text === undefined || text === '') return CLAUDE_MD_SNIPPET;
	if (text.includes(CLAUDE_MD_SNIPPET)) return text;
	return text + (text.endsWith('\n') ? '\n' : '\n\n') + CLAUDE_MD_SNIPPET;
}

/** CLAUDE.md text without our snippet (and the blank line we put before it); input unchanged if absent. */
export function removeClaudeMdSnippet(text: string): string {
	const at = text.indexOf(CLAUDE_MD_SNIPPET);
	if (at === -1) return text;
	let before = text.slice(0, at);
	if (before.endsWith('\n\n')) before = before.slice(0, -1);
	return before + text.slice(at + CLAUDE_MD_SNIPPET.length);
}
