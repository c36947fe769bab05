/**
 * `queue-tui init claude`: applies the pure settings merge to real files (settings, `/queue` skill,
 * CLAUDE.md), with a backup, atomic writes and a small record of what uninstall must give back.
 * Prints nothing: the CLI command turns the returned result into text.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DEFAULT_BIN, SettingsError, installSettings, settingsSnippet, uninstallSettings} from './claude-settings.js';
import {atomicWrite, backupFile, readOptional, removeEmptyDir} from './claude-settings-fs.js';
import {isObject} from './claude-settings-match.js';
import {SKILL_MD, addClaudeMdSnippet, removeClaudeMdSnippet} from './skill-text.js';

/** Which settings file: personal in the project (default), shared in the project, or all projects. */
export type Scope = 'local' | 'project' | 'user';

/** What happened (or, on a dry run, would happen) to one file. `kept` = not ours or edited by the user, left alone. */
export type FileAction = 'created' | 'updated' | 'unchanged' | 'removed' | 'kept' | 'absent';

/** Options of {@link applyInstall}. `home` is for tests (defaults to os.homedir()). */
export interface ApplyOptions {
	scope: Scope;
	projectRoot: string;
	dryRun?: boolean;
	uninstall?: boolean;
	claudeMd?: boolean;
	bin?: string;
	home?: string;
	now?: Date;
}

/** Everything the CLI needs to tell the user what was done; `ok: false` means nothing was touched. */
export interface ApplyResult {
	ok: boolean;
	/** One line: the file and what is wrong with it. */
	error?: string;
	dryRun: boolean;
	uninstall: boolean;
	/** `text` is the new (or would-be) settings text whenever it differs from the file. */
	settings: {path: string; action: FileAction; text?: string; backupPath?: string};
	/** The foreign statusLine that was wrapped on this install, as recorded for uninstall. */
	previousStatusLine?: unknown;
	recordPath: string;
	skill: {path: string; action: FileAction};
	claudeMd?: {path: string; action: FileAction};
	/** The hooks + statusLine JSON to paste by hand (shown when `ok` is false). */
	snippet: string;
}

interface InstallRecord {
	/** Keyed by settings file name: what that file held before we touched it. */
	settings?: Record<string, {previousStatusLine?: unknown; created?: boolean}>;
	/** Hash of the SKILL.md we wrote, so an older unedited copy of ours can be upgraded or removed. */
	skillSha256?: string;
	claudeMdCreated?: boolean;
}

/** Name of the install record, next to the settings file (`.claude/queue-tui-install.json`). */
export const RECORD_FILE = 'queue-tui-install.json';

/** Path of the settings file for a scope. */
export function settingsPath(scope: Scope, projectRoot: string, home = os.homedir()): string {
	if (scope === 'user') return path.join(home, '.claude', 'settings.json');
	return path.join(projectRoot, '.claude', scope === 'local' ? 'settings.local.json' : 'settings.json');
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function readRecord(file: string): InstallRecord {
	try {
		const value: unknown = JSON.parse(readOptional(file) ?? '{}');
		return isObject(value) ? (value as InstallRecord) : {};
	} catch {
		return {}; // A damaged record only costs the exact statusLine restore; unwrap still works.
	}
}

function skillStep(file: string, record: InstallRecord, uninstall: boolean, dryRun: boolean): FileAction {
	const current = readOptional(file);
	const ours = current !== undefined && (current === SKILL_MD || sha256(current) === record.skillSha256);
	if (uninstall) {
		delete record.skillSha256; // Whatever stays is the user's from now on.
		if (current === undefined) return 'absent';
		if (!ours) return 'kept';
		if (!dryRun) {
			fs.rmSync(file);
			removeEmptyDir(path.dirname(file));
			removeEmptyDir(path.dirname(path.dirname(file)));
		}
		return 'removed';
	}
	if (current === SKILL_MD) return 'unchanged';
	if (current !== undefined && !ours) return 'kept'; // The user's own /queue skill, or our copy edited.
	if (!dryRun) atomicWrite(file, SKILL_MD);
	record.skillSha256 = sha256(SKILL_MD);
	return current === undefined ? 'created' : 'updated';
}

function claudeMdStep(file: string, record: InstallRecord, uninstall: boolean, dryRun: boolean): FileAction {
	const current = readOptional(file);
	if (uninstall) {
		const created = record.claudeMdCreated === true;
		delete record.claudeMdCreated;
		if (current === undefined) return 'absent';
		const next = removeClaudeMdSnippet(current);
		if (next === current) return 'unchanged';
		const remove = next === '' && created; // We created it: leave no empty file behind.
		if (!dryRun) {
			if (remove) fs.rmSync(file);
			else atomicWrite(file, next);
		}
		return remove ? 'removed' : 'updated';
	}
	const next = addClaudeMdSnippet(current);
	if (next === current) return 'unchanged';
	if (!dryRun) atomicWrite(file, next);
	if (current === undefined) record.claudeMdCreated = true;
	return current === undefined ? 'created' : 'updated';
}

function writeRecord(file: string, record: InstallRecord): void {
	if (record.settings && Object.keys(record.settings).length === 0) delete record.settings;
	if (Object.keys(record).length === 0) fs.rmSync(file, {force: true});
	else atomicWrite(file, JSON.stringify(record, null, 2) + '\n');
}

/**
 * Installs (or with `uninstall`, removes) queue-tui's hooks, statusLine, `/queue` skill and
 * optionally the CLAUDE.md snippet. Invalid settings JSON → `ok: false`, nothing touched, snippet
 * returned. A changed settings file is backed up first; `dryRun` computes everything, writes nothing.
 */
export function applyInstall(opts: ApplyOptions): ApplyResult {
	const bin = opts.bin ?? DEFAULT_BIN;
	const dryRun = opts.dryRun ?? false;
	const uninstall = opts.uninstall ?? false;
	const file = settingsPath(opts.scope, opts.projectRoot, opts.home);
	const claudeDir = path.dirname(file);
	const recordPath = path.join(claudeDir, RECORD_FILE);
	const result: ApplyResult = {
		ok: true,
		dryRun,
		uninstall,
		settings: {path: file, action: 'unchanged'},
		recordPath,
		skill: {path: path.join(claudeDir, 'skills', 'queue', 'SKILL.md'), action: 'unchanged'},
		snippet: settingsSnippet(bin),
	};
	const original = readOptional(file);
	const record = readRecord(recordPath);
	const recordBefore = JSON.stringify(record);
	const key = path.basename(file);
	const entry = record.settings?.[key] ?? {};

	let edit: {text: string; changed: boolean; previousStatusLine?: unknown};
	try {
		if (!uninstall) edit = installSettings(original, {bin});
		else if (original === undefined) edit = {text: '', changed: false};
		else edit = uninstallSettings(original, entry.previousStatusLine, {bin});
	} catch (error) {
		if (!(error instanceof SettingsError)) throw error;
		return {...result, ok: false, error: `${file}: ${error.message}`};
	}

	// A settings file we created and that is back to `{}` is deleted, so uninstall leaves no trace.
	const removeCreated = uninstall && edit.changed && entry.created === true && edit.text.trim() === '{}';
	if (original === undefined) result.settings.action = uninstall ? 'absent' : 'created';
	else if (edit.changed) result.settings.action = removeCreated ? 'removed' : 'updated';
	if (edit.changed) result.settings.text = edit.text;
	if (edit.previousStatusLine !== undefined) result.previousStatusLine = edit.previousStatusLine;

	if (uninstall) delete record.settings?.[key];
	else if (edit.previousStatusLine !== undefined || original === undefined) {
		record.settings ??= {};
		record.settings[key] = {...entry, previousStatusLine: edit.previousStatusLine ?? entry.previousStatusLine};
		if (original === undefined) record.settings[key].created = true;
	}

	if (edit.changed && !dryRun) {
		if (original !== undefined) result.settings.backupPath = backupFile(file, opts.now);
		if (removeCreated) fs.rmSync(file);
		else atomicWrite(file, edit.text);
	}
	result.skill.action = skillStep(result.skill.path, record, uninstall, dryRun);
	if (opts.claudeMd || uninstall) {
		const md = opts.scope === 'user' ? path.join(claudeDir, 'CLAUDE.md') : path.join(opts.projectRoot, 'CLAUDE.md');
		result.claudeMd = {path: md, action: claudeMdStep(md, record, uninstall, dryRun)};
	}
	if (!dryRun && JSON.stringify(record) !== recordBefore) writeRecord(recordPath, record);
	return result;
}
