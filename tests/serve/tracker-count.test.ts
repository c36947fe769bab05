// A tracker page lists a label's newest 100 jobs; its heading counts the whole history, as the sidebar does.
import {describe, expect, it} from 'vitest';
import {trackerView} from '../../source/serve/pages.js';
import {spec, tempQueues} from '../helpers/temp-queue.js';

const queue = tempQueues('qtui-tracker-');

describe('the tracker page heading', () => {
	it('counts every job of the label and says how many are shown when it is more than the page', () => {
		const q = queue();
		q.store.tx(() => {
			for (let i = 0; i < 120; i++) {
				const id = q.store.insertJob(spec({label: i < 117 ? 'QUAL-9' : undefined}), 'succeeded', 1000 + i);
				q.store.update(id, {finished_at: 2000 + i, exit_code: 0});
			}
		});
		const c = {store: q.store, paths: q.paths, now: 10_000};
		const page = trackerView(c, 'QUAL-9');
		expect(page.main).toContain('(117 jobs, newest first, the newest 100 shown)');
		expect(page.main.match(/<a href="\/job\/\d+">/g)?.length).toBe(100);
		expect(page.sidebar).toContain('117 jobs');
		expect(trackerView(c, null).main).toContain('(3 jobs, newest first)');
	});
});
