import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {CONFIG_FILE, loadConfig} from '../../source/core/config.js';
import {UsageError} from '../../source/core/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-config-'));
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));

function load(text: string) {
	fs.writeFileSync(path.join(dir, CONFIG_FILE), text);
	return loadConfig(dir);
}

/** The one line a broken config gives, without the file name. */
function problem(value: unknown): string {
	try {
		load(typeof value === 'string' ? value : JSON.stringify(value));
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		const message = (error as Error).message;
		expect(message.startsWith(`${path.join(dir, CONFIG_FILE)}: `)).toBe(true);
		expect(message).not.toContain('\n');
		return message.slice(path.join(dir, CONFIG_FILE).length + 2);
	}
	throw new Error(`accepted: ${JSON.stringify(value)}`);
}

describe('.queue-tui.json: every key, type and enum is checked', () => {
	it('no file: the defaults', () => {
		fs.rmSync(path.join(dir, CONFIG_FILE), {force: true});
		expect(loadConfig(dir)).toEqual({stalledAfterMs: 600_000, patterns: [], notify: {}, workflows: {}});
	});

	it('a full, valid file becomes the settings the program uses', () => {
		const config = load(JSON.stringify({
			parallel: 2, retries: 0, backoff: '2s', timeout: '1h30m', stalledAfter: '5m',
			patterns: [{command: 'render', regex: 'frame (?<done>\\d+)'}, {command: 'train', kind: 'tqdm'}],
			notify: {
				on: ['failure', 'success', 'long'], longAfter: '30m',
				pushover: {token: 't', user: 'u', url: 'http://127.0.0.1:9/1', priority: -2, sound: 'siren', device: 'phone'},
				ntfy: {url: 'https://ntfy.example/topic', token: 'tk_x', priority: 'max'},
				command: 'true', tmux: false,
			},
		}));
		expect(config).toMatchObject({parallel: 2, retries: 0, backoffMs: 2000, timeoutMs: 5_400_000, stalledAfterMs: 300_000});
		expect(config.patterns.map(p => p.kind)).toEqual([undefined, 'tqdm']);
		expect(config.notify).toEqual({
			on: ['failure', 'success', 'long'], longAfterMs: 1_800_000,
			pushover: {token: 't', user: 'u', url: 'http://127.0.0.1:9/1', priority: -2, sound: 'siren', device: 'phone'},
			ntfy: {url: 'https://ntfy.example/topic', token: 'tk_x', priority: 'max'},
			command: 'true', tmux: false,
		});
		expect(load('{"notify": {"ntfy": {"url": "http://127.0.0.1:1/t", "priority": 4}}}').notify.ntfy).toEqual({url: 'http://127.0.0.1:1/t', priority: '4'});
	});

	it.each([
		['{', /^not valid JSON/],
		['', /^not valid JSON/],
		[[], /^must be a JSON object, not an array$/],
		[null, /^must be a JSON object, not null$/],
		['"x"', /^must be a JSON object, not "x"$/],
		[{paralel: 2}, /^unknown key "paralel" \(known: parallel, retries, /],
		[{history: {keep: 0}}, /"history.keep"/],
		[{history: {keep: "5"}}, /"history.keep"/],
		[{parallel: 0}, /^"parallel" must be a whole number from 1 to 64, not 0$/],
		[{parallel: 65}, /"parallel" must be a whole number from 1 to 64, not 65/],
		[{parallel: 1.5}, /"parallel" must be a whole number/],
		[{parallel: '2'}, /"parallel" must be a whole number from 1 to 64, not "2"/],
		[{retries: -1}, /"retries" must be a whole number from 0 to 100/],
		[{retries: 101}, /"retries" must be a whole number from 0 to 100/],
		[{retries: true}, /"retries" must be a whole number from 0 to 100, not true/],
		[{backoff: 5}, /^"backoff" must be a duration such as "90s", "30m" or "1h30m", not 5$/],
		[{backoff: '5x'}, /"backoff" must be a duration/],
		[{timeout: 'soon'}, /"timeout" must be a duration/],
		[{timeout: null}, /"timeout" must be a duration.*not null/],
		[{stalledAfter: []}, /"stalledAfter" must be a duration.*not an array/],
		[{patterns: {}}, /^patterns: expected an array/],
		[{patterns: [{command: 'x', regex: '(unclosed'}]}, /^patterns\[0\]\.regex: invalid regular expression/],
		[{patterns: [{command: 'x', kind: 'rust'}]}, /^patterns\[0\]\.kind: expected "pytest", "tqdm" or "generic"/],
		[{patterns: [{command: 'x', regex: 'a', extra: 1}]}, /^patterns\[0\]: unknown key "extra"/],
		[{notify: []}, /^"notify" must be an object, not an array$/],
		[{notify: 'yes'}, /^"notify" must be an object, not "yes"$/],
		[{notify: {email: 'me'}}, /^unknown key "notify\.email" \(known: on, longAfter, pushover, ntfy, command, tmux\)$/],
		[{notify: {on: 'failure'}}, /^"notify\.on" must be an array, not "failure"$/],
		[{notify: {on: ['sometimes']}}, /^"notify\.on\[0\]" must be one of "failure", "success", "long", not "sometimes"$/],
		[{notify: {on: ['failure', 3]}}, /^"notify\.on\[1\]" must be one of/],
		[{notify: {longAfter: 30}}, /^"notify\.longAfter" must be a duration/],
		[{notify: {command: 5}}, /^"notify\.command" must be a string, not 5$/],
		[{notify: {tmux: 'no'}}, /^"notify\.tmux" must be true or false, not "no"$/],
		[{notify: {pushover: 'key'}}, /^"notify\.pushover" must be an object/],
		[{notify: {pushover: {token: 5}}}, /^"notify\.pushover\.token" must be a non-empty string, not 5$/],
		[{notify: {pushover: {user: ''}}}, /^"notify\.pushover\.user" must be a non-empty string, not ""$/],
		[{notify: {pushover: {url: 'ftp://x'}}}, /^"notify\.pushover\.url" must be an http:\/\/ or https:\/\/ URL, not "ftp:\/\/x"$/],
		[{notify: {pushover: {url: 'not a url'}}}, /"notify\.pushover\.url" must be an http/],
		[{notify: {pushover: {priority: 2}}}, /^"notify\.pushover\.priority" must be a whole number from -2 to 1, not 2$/],
		[{notify: {pushover: {priority: '1'}}}, /"notify\.pushover\.priority" must be a whole number/],
		[{notify: {pushover: {sound: false}}}, /^"notify\.pushover\.sound" must be a non-empty string/],
		[{notify: {pushover: {device: 1}}}, /^"notify\.pushover\.device" must be a non-empty string/],
		[{notify: {pushover: {retry: 1}}}, /^unknown key "notify\.pushover\.retry" \(known: token, user, url, priority, sound, device\)$/],
		[{notify: {ntfy: {url: 5}}}, /^"notify\.ntfy\.url" must be an http:\/\/ or https:\/\/ URL, not 5$/],
		[{notify: {ntfy: {}}}, /^"notify\.ntfy\.url" is missing$/],
		[{notify: {ntfy: {url: 'https://ntfy.sh/t', token: 7}}}, /^"notify\.ntfy\.token" must be a non-empty string, not 7$/],
		[{notify: {ntfy: {url: 'https://ntfy.sh/t', priority: 'urgent'}}}, /^"notify\.ntfy\.priority" must be one of "1", "2", "3", "4", "5", "min", "low", "default", "high", "max", not "urgent"$/],
		[{notify: {ntfy: {url: 'https://ntfy.sh/t', priority: 9}}}, /"notify\.ntfy\.priority" must be one of/],
		[{notify: {ntfy: {url: 'https://ntfy.sh/t', topic: 'x'}}}, /^unknown key "notify\.ntfy\.topic" \(known: url, token, priority\)$/],
	])('%j is refused with one line naming the key', (value, message) => {
		expect(problem(value)).toMatch(message);
	});

	it('an unreadable file is refused, not taken as no file', () => {
		fs.rmSync(path.join(dir, CONFIG_FILE), {force: true});
		fs.mkdirSync(path.join(dir, CONFIG_FILE));
		try {
			expect(() => loadConfig(dir)).toThrow(/cannot be read \(EISDIR\)/);
		} finally {
			fs.rmdirSync(path.join(dir, CONFIG_FILE));
		}
	});
});
