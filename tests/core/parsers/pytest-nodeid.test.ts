import {describe, expect, it} from 'vitest';
import {headlineOf, leadingId, splitIdAndMessage} from '../../../source/core/parsers/pytest-nodeid.js';

const none = () => false;

describe('splitIdAndMessage', () => {
	it.each([
		['tests/a.py::test_list - assert [1, 2, 3] == [1, 2, 4]', 'tests/a.py::test_list', 'assert [1, 2, 3] == [1, 2, 4]'],
		['x.py::test_y - [XPASS(strict)] reason', 'x.py::test_y', '[XPASS(strict)] reason'],
		['x.py::test_y', 'x.py::test_y', ''],
		['x.py::test_p[a b] - AssertionError: x', 'x.py::test_p[a b]', 'AssertionError: x'],
		['x.py::test_p[x - y] - AssertionError: a - b', 'x.py::test_p[x - y]', 'AssertionError: a - b'],
		['x.py::test_p[a [b] - c] - AssertionError: msg [with] - brac...', 'x.py::test_p[a [b] - c]', 'AssertionError: msg [with] - brac...'],
		['x.py::test_p[[1]] - assert [1] - [2]', 'x.py::test_p[[1]]', 'assert [1] - [2]'],
		['x.py::test_p[a]b] - AssertionError: x', 'x.py::test_p[a]b]', 'AssertionError: x'],
		['x.py::TestK::test_m[br]ack[et] - AssertionError: [XPASS(str...', 'x.py::TestK::test_m[br]ack[et]', 'AssertionError: [XPASS(str...'],
		['x.py::test_p[p::q] - a :: b - c [d]', 'x.py::test_p[p::q]', 'a :: b - c [d]'],
		['x.py::test_p[\\u65e5\\u672c] - wide ✓', 'x.py::test_p[\\u65e5\\u672c]', 'wide ✓'],
		['x.py::test_日本語 - AssertionError: ünï', 'x.py::test_日本語', 'AssertionError: ünï'],
		['x.py::x.add', 'x.py::x.add', ''],
		['broken/test_c.py - ModuleNotFoundError: No module named x', 'broken/test_c.py', 'ModuleNotFoundError: No module named x'],
	])('%s', (rest, id, reason) => {
		expect(splitIdAndMessage(rest, none)).toEqual({id, reason});
	});

	it('prefers an id the output printed elsewhere (a -v line, a FAILURES header)', () => {
		const rest = 'x.py::test_p[a] - b] - AssertionError: x';
		expect(splitIdAndMessage(rest, none).id).toBe('x.py::test_p[a]');
		expect(splitIdAndMessage(rest, (id) => id === 'x.py::test_p[a] - b]').id).toBe('x.py::test_p[a] - b]');
	});
});

describe('leadingId and headlineOf', () => {
	it('finds the id before -s output', () => {
		expect(leadingId('x.py::test_p[a b] printed text')).toBe('x.py::test_p[a b]');
		expect(leadingId('x.py::test_q printed [x] text')).toBe('x.py::test_q');
		expect(leadingId('x.py::test_q')).toBe('x.py::test_q');
	});

	it('gives the FAILURES header name', () => {
		expect(headlineOf('x.py::TestA::TestB::test_m[p::q]')).toBe('TestA.TestB.test_m[p::q]');
		expect(headlineOf('broken/test_c.py')).toBe('broken/test_c.py');
	});
});
