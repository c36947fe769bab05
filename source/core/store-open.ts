import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import {damagedMessage, isDamageCode, shorterThanHeader} from './db-damage.js';
import {UsageError} from './errors.js';
import {MIGRATIONS} from './migrations.js';

/**
 * The compiled addon's path, handed to better-sqlite3 directly: its default lookup (the `bindings`
 * package) probes a dozen paths and walks a stack trace, a cost every `add` and hook would pay.
 */
const NATIVE = (() => {
	try {
		const file = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
		return fs.existsSync(file) ? file : undefined;
	} catch {
		return undefined;
	}
})();

/**
 * Opens a queue database file the way every process must: WAL, FULL sync, foreign keys, a check of
 * a file shorter than its header, the schema brought up to date under the write lock, mode 0600
 * when created. Every way the file can be wrong is a UsageError saying what to do.
 */
export function openDatabase(file: string): Database.Database {
	const existed = fs.existsSync(file);
	let db: Database.Database | undefined;
	try {
		// A generous busy timeout: many `add`s at once on a slow disk queue up behind each other's fsyncs.
		db = new Database(file, {timeout: 30_000, nativeBinding: NATIVE});
		db.pragma('journal_mode = WAL');
		// FULL: once `add` has printed an id the job must survive a power cut, not only a crash.
		db.pragma('synchronous = FULL');
		db.pragma('foreign_keys = ON');
		// Only a file shorter than its header pays for the full check (a quick_check reads every page).
		if (existed && shorterThanHeader(file)) {
			const verdict = db.pragma('quick_check(1)', {simple: true});
			if (verdict !== 'ok') throw new UsageError(damagedMessage(file, `truncated: ${String(verdict)}`));
		}
		migrate(db);
		if (!existed) fs.chmodSync(file, 0o600);
		return db;
	} catch (error) {
		db?.close();
		const code = (error as {code?: string}).code ?? '';
		if (code === 'SQLITE_NOTADB') throw new UsageError(`${file} is not a queue-tui database (${code}); move it away or use --home`);
		if (isDamageCode(code)) throw new UsageError(damagedMessage(file, (error as Error).message));
		if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_READONLY') {
			throw new UsageError(`cannot open ${file} (${code})`);
		}
		throw error;
	}
}

function migrate(db: Database.Database): void {
	const version = db.pragma('user_version', {simple: true}) as number;
	if (version > MIGRATIONS.length) {
		throw new UsageError(`queue database schema ${version} is newer than this queue-tui understands (${MIGRATIONS.length}); upgrade queue-tui`);
	}
	if (version === MIGRATIONS.length) return;
	db.transaction(() => {
		// Re-read under the write lock: another process (a hook, a second `add`) may have created
		// the schema since the read above, and must not be redone ("table jobs already exists").
		const locked = db.pragma('user_version', {simple: true}) as number;
		for (let v = locked; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
		if (locked < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
	}).immediate();
}
