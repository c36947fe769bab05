import type {NotifyConfig} from './types.js';

/** Shorter "secrets" are not redacted: replacing a 3-letter word everywhere would garble text and hide nothing. */
export const MIN_SECRET_LENGTH = 6;

const MASK = '[redacted]';

// Secret-shaped text we may not know literally (another app's key in an echoed error, a header in a stack).
const PATTERNS: Array<[RegExp, string]> = [
	[/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`],
	[/\b(token|user|access_token|auth|password)=[^&\s"']+/gi, `$1=${MASK}`],
	[/\btk_[A-Za-z0-9]{8,}\b/g, MASK],
	// Pushover app and user keys are exactly 30 alphanumerics.
	[/\b[A-Za-z0-9]{30}\b/g, MASK],
];

/**
 * Removes every known secret from `text`: the literal value, its URL-encoded and base64
 * forms (a form body or a Basic header), then anything shaped like a token.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
	const variants = new Set<string>();
	for (const secret of secrets) {
		if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
		variants.add(secret);
		variants.add(encodeURIComponent(secret));
		const base64 = Buffer.from(secret).toString('base64');
		variants.add(base64); // padded first (longer), then bare for base64 inside a longer value
		variants.add(base64.replace(/=+$/, ''));
	}
	// Longest first, so a secret that contains another is masked whole.
	let out = text;
	for (const value of [...variants].sort((a, b) => b.length - a.length)) out = out.split(value).join(MASK);
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return out;
}

/** Environment variables that hold notifier credentials: never passed to a job or a notify command. */
export const SECRET_ENV: readonly string[] = ['PUSHOVER_TOKEN', 'PUSHOVER_USER', 'NTFY_TOKEN'];

/**
 * `env` less the notifier credentials: the variables named in {@link SECRET_ENV} and any
 * variable whose value holds one of `secrets` (a config token, the ntfy topic in a URL).
 */
export function withoutSecrets(env: NodeJS.ProcessEnv, secrets: readonly string[] = []): Record<string, string> {
	const out: Record<string, string> = {};
	const known = secrets.filter(s => s.length >= MIN_SECRET_LENGTH);
	for (const [k, v] of Object.entries(env)) {
		if (v === undefined || SECRET_ENV.includes(k) || known.some(s => v.includes(s))) continue;
		out[k] = v;
	}
	return out;
}

/**
 * The secrets a notify config and environment hold: Pushover token and user key, the ntfy
 * token, and the ntfy topic (on a public server the topic name is the only password).
 */
export function secretsOf(config: NotifyConfig, env: NodeJS.ProcessEnv): string[] {
	const topicUrl = env.QUEUE_TUI_NTFY_URL || config.ntfy?.url;
	return [
		config.pushover?.token,
		config.pushover?.user,
		env.PUSHOVER_TOKEN,
		env.PUSHOVER_USER,
		config.ntfy?.token,
		env.NTFY_TOKEN,
		topicUrl ? topicOf(topicUrl) : undefined,
	].filter((s): s is string => Boolean(s));
}

function topicOf(url: string): string | undefined {
	try {
		return new URL(url).pathname.split('/').filter(Boolean).pop();
	} catch {
		return undefined;
	}
}
