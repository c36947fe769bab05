/**
 * The data the TUI reads (QueueData, from the database) and the view it draws (QueueView,
 * every string pre-formatted and pre-truncated). Components only ever see a QueueView.
 */
import type {Dep} from '../core/deps.js';
import type {FlowState} from '../core/flows/flow-state.js';
import type {FlowView} from '../core/flows/queue-flow.js';
import type {Attempt, Job, JobState} from '../core/types.js';
import type {HeldStretch} from './paging.js';
import type {Mode} from './ui-state.js';

/** One read of the queue, as the backend returns it. */
export interface QueueData {
	/** The project root (shown in the header at wide sizes). */
	root: string;
	/** Jobs in queue order (bounded: unfinished ones plus the most recent finished ones). */
	jobs: Job[];
	counts: Record<string, number>;
	paused: boolean;
	/** Jobs run at once (the queue's `parallel` setting). */
	slots: number;
	runnerAlive: boolean;
	/** A running job silent this long is shown as stalled (the queue's setting, as in the status line). */
	stalledAfterMs: number;
	/** The label `jobs` and `counts` are limited to; undefined: every job. */
	label?: string;
	/** Every label in the queue, sorted, whatever the filter (what `L` cycles through). */
	labels: string[];
	/** What each queued job still waits for (its dependencies and their states now), by job id. */
	waitsFor?: Record<number, Dep[]>;
	/** The flows the listed jobs belong to (each shown as one row, its jobs under it). */
	flows?: FlowView[];
	/** The stretch of finished jobs `jobs` holds (of the history's, in queue order); all of them when not given. */
	held?: HeldStretch;
	/** The last notifier problem (`pushover: monthly message quota reached (429)`), shown until one succeeds. */
	notifyWarning?: string;
}

/** The selected job's extra facts, read only for that job. */
export interface JobDetailData {
	id: number;
	attempts: Attempt[];
	/** The last raw lines of its log (sanitized by the view model). */
	logTail: string[];
}

/** Terminal size in cells. */
export interface Size {
	columns: number;
	rows: number;
}

/** Ink colour names the TUI uses. */
export type Color = 'red' | 'green' | 'yellow' | 'cyan' | 'magenta' | 'gray' | 'blue';

/** A run of text with one style. */
export interface Cell {
	text: string;
	color?: Color;
	isBold?: boolean;
	isDim?: boolean;
	isInverse?: boolean;
}

/** One screen row: cells drawn side by side, truncated at the edge. */
export type Line = Cell[];

/** A job in the list. `icon` is replaced by a spinner while the job runs. */
export interface RowView {
	id: number;
	/** React's key when `id` alone could clash (a flow's row: `f12`). */
	key?: string;
	isSelected: boolean;
	isRunning: boolean;
	icon: Cell;
	cells: Cell[];
}

/** Everything the screen shows, for one size and one moment. */
export interface QueueView {
	size: Size;
	mode: Mode;
	isColor: boolean;
	header: Line;
	/** The visible window of the job list (already scrolled to keep the selection in view). */
	rows: RowView[];
	/** Height reserved for the job list. */
	listHeight: number;
	/** Shown in place of rows when there are no jobs. */
	emptyText?: string;
	/** The selected job's detail (list mode), exactly as many lines as fit. */
	detail: Line[];
	/** The full-screen log (log mode). */
	log?: {title: Line; lines: Line[]};
	/** The message, the y/n question or the add prompt. */
	bottom: Line;
	/** Height left for the body (help screen, log lines). */
	bodyHeight: number;
	/** What the help bar needs to offer only the keys that apply. */
	hintFacts?: HintFacts;
}

/** The selected job's state, whether the queue is paused, whether the log follows. */
export interface HintFacts {
	jobState?: JobState;
	paused?: boolean;
	following?: boolean;
	/** A flow's row is selected: where the flow stands. */
	flowState?: FlowState;
	/** The selected row is a flow's, or one of its steps (space folds or unfolds it). */
	isInFlow?: boolean;
}
