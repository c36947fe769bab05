import fs from 'node:fs';
import path from 'node:path';
import {writeAtomic} from '../../core/atomic-file.js';
import {loadConfig} from '../../core/config.js';
import {detectKind} from '../../core/parsers/index.js';
import {enqueue, ensureRunner} from '../../core/queue.js';
import type {JobSpec} from '../../core/types.js';
import {pathsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';

/** A pytest suite slow enough to watch (~8 s): two tests fail for real, one only the first time. */
export const DEMO_TESTS = `# Written by \`queue-tui demo\`: a small suite, slow enough to watch in the TUI.
import pathlib
import time

import pytest

FLAKY_MARK = pathlib.Path(__file__).with_name('.flaky-failed-once')


@pytest.mark.parametrize('step', range(1, 25))
def test_step(step):
    time.sleep(0.3)
    assert step not in (7, 19), f'step {step} is broken on purpose'


def test_flaky():
    # Fails on the first run and passes on the retry: queue-tui reports it as flaky.
    if not FLAKY_MARK.exists():
        FLAKY_MARK.touch()
        raise AssertionError('flaky: fails once, then passes')
`;

/** A batch script in the style of an image pipeline: Japanese progress lines for ~20 s. */
export const DEMO_BATCH = `# Written by \`queue-tui demo\`: a batch job that reports progress the way many scripts do.
import time

TOTAL = 40
ok = failed = 0
for i in range(1, TOTAL + 1):
    print(f'処理中 {i}/{TOTAL}: img_{i:03d}.png', flush=True)
    time.sleep(0.5)
    if i in (17, 33):
        print(f'FAILED img_{i:03d}.png: 顔が検出されませんでした', flush=True)
        failed += 1
    else:
        ok += 1
print(f'成功: {ok}, 失敗: {failed}', flush=True)
`;

/**
 * `queue-tui demo`: writes a small pytest suite and a batch script into `.queue/demo/` and queues
 * both (pytest with one retry), so the TUI has something real to show. Starts a runner if none runs.
 */
export async function run(p: Parsed): Promise<number> {
	const patterns = loadConfig(pathsFrom(p).root).patterns;
	const q = queueFrom(p);
	const dir = path.join(q.paths.home, 'demo');
	fs.mkdirSync(dir, {recursive: true, mode: 0o700});
	writeAtomic(path.join(dir, 'test_demo.py'), DEMO_TESTS);
	writeAtomic(path.join(dir, 'batch_demo.py'), DEMO_BATCH);
	// Its own pytest.ini makes the demo folder pytest's rootdir: the project's pytest settings and
	// conftest.py files stay out of it (and retries can use --lf, the cache lives here too).
	writeAtomic(path.join(dir, 'pytest.ini'), '[pytest]\n');
	fs.rmSync(path.join(dir, '.flaky-failed-once'), {force: true}); // each demo shows the flaky test again
	const spec = (argv: string[], label: string, maxRetries: number): JobSpec => ({
		argv, shell: false, cwd: dir, env: {}, label, kind: detectKind(argv, patterns), maxRetries, backoffMs: 1000,
	});
	const tests = enqueue(q, spec(['python3', '-m', 'pytest', 'test_demo.py'], 'demo', 1));
	const batch = enqueue(q, spec(['python3', 'batch_demo.py'], 'demo', 0));
	const runner = ensureRunner(q);
	q.store.close();
	print(`#${tests} pytest test_demo  python3 -m pytest test_demo.py   25 tests, ~8 s; 2 fail, 1 is flaky (--retries 1)`);
	print(`#${batch} batch_demo        python3 batch_demo.py            40 images, ~20 s, 処理中 12/40-style progress`);
	print(`files in ${dir}; runner ${runner === 'alive' ? 'already running' : 'started'}`);
	print('watch them: queue-tui   (or, inside tmux: queue-tui pane)');
	return 0;
}
