import {runCommandNotifier} from './command.js';
import {describeError, type HttpDeps} from './http.js';
import {resolveNtfy, sendNtfy} from './ntfy.js';
import {resolvePushover, sendPushover} from './pushover.js';
import {redact, secretsOf} from './redact.js';
import {notifyTmux} from './tmux.js';
import type {NotifierName, NotifyConfig, NotifyEvent, NotifyResult} from './types.js';

export type {NotifierName, NotifyConfig, NotifyEvent, NotifyResult} from './types.js';
export {shouldNotify, DEFAULT_LONG_AFTER_MS} from './policy.js';

/** What `notifyAll` may take from the outside; tests inject all of it. */
export interface NotifyOptions extends HttpDeps {
	/** Default `process.env`: credentials, `$TMUX`, URL overrides, the command's base env. */
	env?: NodeJS.ProcessEnv;
	/** Limit for the notify command, default 30 s. */
	commandTimeoutMs?: number;
}

/**
 * The notifiers this config and environment enable, in a fixed order. Pushover needs a
 * token and a user key; ntfy a topic URL; tmux is on by default but only inside tmux.
 */
export function configuredNotifiers(config: NotifyConfig, env: NodeJS.ProcessEnv = process.env): NotifierName[] {
	const names: NotifierName[] = [];
	if (resolvePushover(config, env)) names.push('pushover');
	if (resolveNtfy(config, env)) names.push('ntfy');
	if (config.command?.trim()) names.push('command');
	if (config.tmux !== false && env.TMUX) names.push('tmux');
	return names;
}

/**
 * Sends `event` through every configured notifier at once and returns one result each, in
 * `configuredNotifiers` order (none configured: `[]`). Never throws: an error becomes a
 * failed result. Every detail and warning is redacted of the config's secrets.
 */
export async function notifyAll(event: NotifyEvent, config: NotifyConfig, opts: NotifyOptions = {}): Promise<NotifyResult[]> {
	const env = opts.env ?? process.env;
	const secrets = secretsOf(config, env);
	const send = (name: NotifierName): Promise<NotifyResult> => {
		switch (name) {
			case 'pushover':
				return sendPushover(event, resolvePushover(config, env)!, opts);
			case 'ntfy':
				return sendNtfy(event, resolveNtfy(config, env)!, opts);
			case 'command':
				return runCommandNotifier(event, config.command!, env, opts.commandTimeoutMs, secrets);
			case 'tmux':
				return notifyTmux(event, env);
		}
	};
	const names = configuredNotifiers(config, env);
	// Via then(): a notifier that throws synchronously (spawn with a bad env) still becomes a result.
	const settled = await Promise.allSettled(names.map(name => Promise.resolve().then(() => send(name))));
	return settled.map((outcome, i) => {
		const result: NotifyResult =
			outcome.status === 'fulfilled'
				? outcome.value
				: {notifier: names[i], ok: false, detail: `error: ${describeError(outcome.reason)}`, attempts: 1};
		const clean: NotifyResult = {...result, detail: redact(result.detail, secrets)};
		if (result.warning !== undefined) clean.warning = redact(result.warning, secrets);
		return clean;
	});
}

/** The event `queue-tui notify test` sends: says plainly that it is a test and where from. */
export function testEvent(cwd: string = process.cwd()): NotifyEvent {
	return {
		jobId: 0,
		kind: 'test',
		command: 'queue-tui notify test',
		state: 'test',
		exitCode: null,
		attempts: 1,
		durationMs: 0,
		line: 'queue-tui test notification: if you can read this, notifications work',
		cwd,
	};
}
