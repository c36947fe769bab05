// A generated pytest suite (seeded): the awkward node ids and messages real suites have.
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {rng} from './helpers.js';

// Parameter ids pytest prints as they are (ASCII) or escaped (`\u65e5`, `\n`).
const PARAM_IDS = ['a b', 'c-d', 'x - y', '[1]', 'a]b', 'br]ack[et', '日本', 'p::q', 'n\nl', 'a [b] - c', 'ü - [ß]', 'e[x] - [y]', 'tab\tx', 'sp ace ', '1.5'];
// Failure messages: brackets, ` - `, newlines (real ones and a backslash-n), unicode, things that
// look like summary lines or node ids.
const MESSAGES = ['plain', 'list [1, 2] - [3]', 'x - y: z', 'multi\\nline - [x]', 'two\nlines - [x]', 'ends in newline\n',
	'\nstarts with a newline', 'ünïcode ✓ 日本', '日本 ::\n[ü] - z', '[XPASS(strict)] fake', 'ends with ]', 'a :: b - c [d]',
	'FAILED tests/x.py::t - y', ''];

const py = (s: string) => JSON.stringify(s); // a JSON string is a valid Python string literal here

/** Writes the suite under `dir` (tests/ and broken/); returns what it chose, for messages. */
export function writeSuite(dir: string, seed: number): string {
	const next = rng(seed);
	const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
	const subset = <T>(list: T[], n: number) => [...list].sort(() => next() - 0.5).slice(0, n);
	const fails = () => next() < 0.6;
	const msg = () => pick(MESSAGES);
	const files: Record<string, string> = {};
	for (const name of ['test_gen_a', 'test_gen_b']) {
		const ids = subset(PARAM_IDS, 4 + Math.floor(next() * 4));
		const cls = subset(PARAM_IDS, 2);
		files[`tests/${name}.py`] = [
			'import pytest',
			'@pytest.fixture',
			`def bad_setup(): raise RuntimeError(${py(`setup ${msg()}`)})`,
			'@pytest.fixture',
			'def bad_teardown():',
			'    yield',
			`    raise ValueError(${py(`teardown ${msg()}`)})`,
			`@pytest.mark.parametrize("v", [${ids.map((id) => `pytest.param(${fails() ? 0 : 1}, id=${py(id)})`).join(', ')}])`,
			`def test_param(v): assert v, ${py(msg())}`,
			'',
			'class TestCls:',
			`    @pytest.mark.parametrize("v", [${cls.map((id) => `pytest.param(${fails() ? 0 : 1}, id=${py(id)})`).join(', ')}])`,
			`    def test_m(self, v): assert v, ${py(msg())}`,
			'    class TestInner:',
			`        def test_inner(self): assert ${fails() ? 0 : 1}, ${py(msg())}`,
			`def test_list(): assert [1, 2, 3] == [1, 2, ${fails() ? 4 : 3}]`,
			`def test_日本語(): assert ${fails() ? 0 : 1}, ${py(msg())}`,
			'def test_setup_error(bad_setup): pass',
			`def test_teardown_error(bad_teardown): assert ${fails() ? 0 : 1}`,
			'@pytest.mark.xfail(strict=True)',
			'def test_xpass_strict(): pass',
			'@pytest.mark.xfail',
			'def test_xpass(): pass',
			'@pytest.mark.xfail',
			'def test_xfail(): assert 0',
			'@pytest.mark.skip(reason="no - [reason]")',
			'def test_skip(): pass',
			`def test_dup(): print("out [x] - y"); assert ${fails() ? 0 : 1}`,
			// Every kind of id and message at least once, whatever the seed picked above.
			`@pytest.mark.parametrize("v", [${PARAM_IDS.map((id) => `pytest.param(${fails() ? 0 : 1}, id=${py(`${name}-${id}`)})`).join(', ')}])`,
			`def test_every_id(v): assert v, ${py(msg())}`,
			`@pytest.mark.parametrize("m", [${MESSAGES.map((m) => py(m)).join(', ')}])`,
			`def test_every_message(m): assert ${fails() ? 0 : 1}, m`,
			`@pytest.mark.xfail(strict=True, reason=${py(`strict ${msg()}`)})`,
			'def test_xpass_strict_reason(): pass',
			'class TestSetupError:',
			`    def setup_method(self): raise RuntimeError(${py(`setup_method ${msg()}`)})`,
			'    def test_a(self): pass',
			`    @pytest.mark.parametrize("v", [pytest.param(1, id=${py(pick(PARAM_IDS))})])`,
			'    def test_b(self, v): pass',
			'def add(a, b):',
			'    """',
			'    >>> add(1, 2)',
			`    ${fails() ? 4 : 3}`,
			'    """',
			'    return a + b',
			'',
		].join('\n');
	}
	// The same test name in another file: FAILURES headers alone cannot tell them apart.
	files['tests/sub/test_gen_c.py'] = `def test_dup(): assert ${fails() ? 0 : 1}, ${py(msg())}\n`;
	files['broken/test_broken.py'] = 'import nonexistent_module_q\n';
	files['broken/test_syntax.py'] = 'def test_x(:\n    pass\n';
	files['broken/test_fine.py'] = 'def test_fine(): pass\n';
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), {recursive: true});
		writeFileSync(join(dir, path), text);
	}
	return `seed ${seed}`;
}
