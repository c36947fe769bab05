/**
 * Ordered schema changes; entry N brings a database from user_version N to N+1.
 * Never edit a shipped entry: add a new one, so old queues open in new versions.
 */
export const MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE jobs (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		position INTEGER NOT NULL,
		argv TEXT NOT NULL,
		shell INTEGER NOT NULL DEFAULT 0,
		cwd TEXT NOT NULL,
		env TEXT NOT NULL DEFAULT '{}',
		label TEXT,
		kind TEXT NOT NULL,
		state TEXT NOT NULL,
		attempt INTEGER NOT NULL DEFAULT 0,
		max_retries INTEGER NOT NULL,
		timeout_ms INTEGER,
		backoff_ms INTEGER NOT NULL,
		not_before INTEGER,
		session_id TEXT,
		notify INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		started_at INTEGER,
		finished_at INTEGER,
		pid INTEGER,
		pid_start TEXT,
		boot_id TEXT,
		exit_code INTEGER,
		signal TEXT,
		reason TEXT,
		cancel_requested INTEGER NOT NULL DEFAULT 0,
		progress TEXT
	);
	CREATE INDEX jobs_state_position ON jobs(state, position);
	CREATE INDEX jobs_label ON jobs(label);
	CREATE TABLE attempts (
		job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		state TEXT NOT NULL,
		counts INTEGER NOT NULL DEFAULT 1,
		started_at INTEGER NOT NULL,
		finished_at INTEGER,
		exit_code INTEGER,
		signal TEXT,
		reason TEXT,
		progress TEXT,
		log_start INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (job_id, seq)
	);
	CREATE TABLE runner (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		pid INTEGER NOT NULL,
		pid_start TEXT,
		boot_id TEXT,
		started_at INTEGER NOT NULL,
		heartbeat_at INTEGER NOT NULL
	);
	CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	`,
	// 2: the argv each attempt really ran (pytest retries add --lf); dependencies between jobs;
	// which Claude Code session has been told about which result.
	`
	ALTER TABLE attempts ADD COLUMN argv TEXT;
	CREATE TABLE deps (
		job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
		dep_id INTEGER NOT NULL,
		cond TEXT NOT NULL CHECK (cond IN ('success', 'any', 'failure')),
		PRIMARY KEY (job_id, dep_id)
	);
	CREATE INDEX deps_dep ON deps(dep_id);
	CREATE INDEX jobs_finished ON jobs(finished_at);
	CREATE TABLE notices (
		job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
		session_id TEXT NOT NULL,
		told_at INTEGER NOT NULL,
		PRIMARY KEY (job_id, session_id)
	);
	`,
	// 3: a counter of jobs reaching a final state, kept by SQLite itself whichever process ends a job;
	// the status file carries it, so an idle Claude Code hook can tell "nothing new" without SQLite.
	`
	INSERT OR IGNORE INTO meta (key, value) VALUES ('finished_seq', '0');
	CREATE TRIGGER jobs_finished_seq AFTER UPDATE OF state ON jobs
	WHEN NEW.state IN ('succeeded', 'failed', 'cancelled', 'timed_out', 'skipped') AND OLD.state IS NOT NEW.state
	BEGIN
		UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'finished_seq';
	END;
	`,
	// 4: where and on what a job runs: the git tree at queue time (and its snapshot commit), the tree
	// at start time, GPUs asked for and held, and the executor (a Slurm job's id and last state).
	`
	ALTER TABLE jobs ADD COLUMN tree TEXT;
	ALTER TABLE jobs ADD COLUMN start_tree TEXT;
	ALTER TABLE jobs ADD COLUMN snapshot INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE jobs ADD COLUMN keep_snapshot INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE jobs ADD COLUMN worktree TEXT;
	ALTER TABLE jobs ADD COLUMN gpus INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE jobs ADD COLUMN gpu_ids TEXT;
	ALTER TABLE jobs ADD COLUMN executor TEXT;
	ALTER TABLE jobs ADD COLUMN partition TEXT;
	ALTER TABLE jobs ADD COLUMN slurm_id TEXT;
	ALTER TABLE jobs ADD COLUMN slurm_state TEXT;
	`,
	// 5: every ORDER BY on a hot path walks an index, so listing and the recent results cost the
	// same with 50,000 jobs in the history as with 50.
	`
	CREATE INDEX jobs_position ON jobs(position, id);
	DROP INDEX jobs_label;
	CREATE INDEX jobs_label_position ON jobs(label, position, id);
	DROP INDEX jobs_finished;
	CREATE INDEX jobs_finished ON jobs(finished_at, id);
	CREATE INDEX jobs_label_finished ON jobs(label, finished_at, id);
	`,
	// 6: workflows. A flow is a row; its steps and checks are ordinary jobs (flow_id, flow_step),
	// chained by the same dependencies as --after, so a flow survives whatever a job survives.
	`
	CREATE TABLE flows (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		name TEXT NOT NULL,
		label TEXT,
		vars TEXT NOT NULL DEFAULT '{}',
		plan TEXT NOT NULL,
		state TEXT NOT NULL DEFAULT 'open',
		cancel_requested INTEGER NOT NULL DEFAULT 0,
		session_id TEXT,
		created_at INTEGER NOT NULL,
		finished_at INTEGER
	);
	ALTER TABLE jobs ADD COLUMN flow_id INTEGER REFERENCES flows(id);
	ALTER TABLE jobs ADD COLUMN flow_step TEXT;
	CREATE INDEX jobs_flow ON jobs(flow_id);
	CREATE TABLE flow_notices (
		flow_id INTEGER NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
		session_id TEXT NOT NULL,
		told_at INTEGER NOT NULL,
		PRIMARY KEY (flow_id, session_id)
	);
	`,
	// 7: the name the user gave a job (add --name).
	`
	ALTER TABLE jobs ADD COLUMN name TEXT;
	`,
	// 8: jobs per label and state (the dashboard's sidebar) from an index alone, not a sort of the history.
	`
	CREATE INDEX jobs_label_state ON jobs(label, state);
	`,
	// 9: an append-only log of what happened to each job, written by SQLite itself in the very
	// transaction that changes the job (no writer can forget it), so readers follow the queue from
	// a cursor (WHERE seq > ?) instead of re-reading and diffing the jobs. Progress is logged at
	// most once a second per job; a removed job takes its events with it and bumps removed_seq, so
	// a reader holding a copy of the jobs knows to drop it.
	`
	CREATE TABLE events (
		seq INTEGER PRIMARY KEY,
		job_id INTEGER NOT NULL,
		flow_id INTEGER,
		type TEXT NOT NULL,
		payload TEXT NOT NULL DEFAULT '{}',
		time INTEGER NOT NULL
	);
	CREATE INDEX events_job ON events(job_id, type, time);
	INSERT OR IGNORE INTO meta (key, value) VALUES ('removed_seq', '0');
	CREATE TRIGGER events_queued AFTER INSERT ON jobs
	BEGIN
		INSERT INTO events (job_id, flow_id, type, payload, time) VALUES (NEW.id, NEW.flow_id, 'queued',
			json_object('state', NEW.state, 'attempt', NEW.attempt), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
	END;
	CREATE TRIGGER events_state AFTER UPDATE OF state ON jobs WHEN OLD.state IS NOT NEW.state
	BEGIN
		INSERT INTO events (job_id, flow_id, type, payload, time) VALUES (NEW.id, NEW.flow_id,
			CASE
				WHEN NEW.state = 'running' THEN 'started'
				WHEN NEW.state = 'cancelled' THEN 'cancelled'
				WHEN NEW.state IN ('succeeded', 'failed', 'timed_out', 'skipped') THEN 'ended'
				WHEN NEW.state = 'interrupted' OR OLD.state = 'running' THEN 'retried'
				ELSE 'requeued'
			END,
			json_object('state', NEW.state, 'from', OLD.state, 'attempt', NEW.attempt, 'reason', NEW.reason, 'exitCode', NEW.exit_code),
			CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
	END;
	CREATE TRIGGER events_cancel_requested AFTER UPDATE OF cancel_requested ON jobs
	WHEN NEW.cancel_requested = 1 AND OLD.cancel_requested = 0 AND NEW.state = 'running'
	BEGIN
		INSERT INTO events (job_id, flow_id, type, payload, time) VALUES (NEW.id, NEW.flow_id, 'cancelling',
			json_object('state', NEW.state, 'attempt', NEW.attempt), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
	END;
	CREATE TRIGGER events_progress AFTER UPDATE OF progress ON jobs
	WHEN NEW.state = 'running' AND NEW.progress IS NOT NULL AND OLD.progress IS NOT NEW.progress
	AND NOT EXISTS (SELECT 1 FROM events WHERE job_id = NEW.id AND type = 'progress'
		AND time > CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 1000)
	BEGIN
		INSERT INTO events (job_id, flow_id, type, payload, time) VALUES (NEW.id, NEW.flow_id, 'progress',
			json_object('state', NEW.state, 'attempt', NEW.attempt, 'percent', json_extract(NEW.progress, '$.percent')),
			CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
	END;
	CREATE TRIGGER events_flow AFTER UPDATE OF flow_id ON jobs WHEN NEW.flow_id IS NOT NULL
	BEGIN
		UPDATE events SET flow_id = NEW.flow_id WHERE job_id = NEW.id AND flow_id IS NULL;
	END;
	CREATE TRIGGER events_removed AFTER DELETE ON jobs
	BEGIN
		DELETE FROM events WHERE job_id = OLD.id;
		UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'removed_seq';
	END;
	`,
	// 10: the number of each job's last attempt, across manual retries (which reset `attempt` to 0
	// but not the attempt list), so every view numbers tries like the attempt list without reading it.
	`
	ALTER TABLE jobs ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;
	UPDATE jobs SET tries = COALESCE((SELECT MAX(seq) FROM attempts WHERE attempts.job_id = jobs.id), 0);
	`,
	// 11: a hook's "finished jobs this session was not told about" reads the session's own jobs and
	// the unowned ones finished since it started, from this index, not every finished job.
	`
	CREATE INDEX jobs_session_finished ON jobs(session_id, finished_at);
	`,
	// 12: a state change's event carries the job's try count (`tries`) beside the round's `attempt`,
	// so a reader narrating an old event numbers the try as it was then, as every view numbers it.
	`
	DROP TRIGGER events_state;
	CREATE TRIGGER events_state AFTER UPDATE OF state ON jobs WHEN OLD.state IS NOT NEW.state
	BEGIN
		INSERT INTO events (job_id, flow_id, type, payload, time) VALUES (NEW.id, NEW.flow_id,
			CASE
				WHEN NEW.state = 'running' THEN 'started'
				WHEN NEW.state = 'cancelled' THEN 'cancelled'
				WHEN NEW.state IN ('succeeded', 'failed', 'timed_out', 'skipped') THEN 'ended'
				WHEN NEW.state = 'interrupted' OR OLD.state = 'running' THEN 'retried'
				ELSE 'requeued'
			END,
			json_object('state', NEW.state, 'from', OLD.state, 'attempt', NEW.attempt, 'tries', NEW.tries, 'reason', NEW.reason, 'exitCode', NEW.exit_code),
			CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
	END;
	`,
	// 13: jobs per label and state, kept by triggers in the transaction that changes a job, so the
	// TUI's header and the dashboard count the whole history by reading a row per label and state
	// (a GROUP BY over the state index walked every job: 4 ms at 50k jobs, growing). `labelled` 0:
	// the jobs with no label (`label` is then '': a key column cannot be NULL).
	`
	CREATE TABLE state_counts (label TEXT NOT NULL, labelled INTEGER NOT NULL, state TEXT NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (label, labelled, state)) WITHOUT ROWID;
	INSERT INTO state_counts SELECT COALESCE(label, ''), label IS NOT NULL, state, COUNT(*) FROM jobs GROUP BY label, state;
	CREATE TRIGGER state_counts_insert AFTER INSERT ON jobs
	BEGIN
		INSERT INTO state_counts VALUES (COALESCE(NEW.label, ''), NEW.label IS NOT NULL, NEW.state, 1)
			ON CONFLICT DO UPDATE SET n = n + 1;
	END;
	CREATE TRIGGER state_counts_update AFTER UPDATE OF state, label ON jobs
	WHEN OLD.state IS NOT NEW.state OR OLD.label IS NOT NEW.label
	BEGIN
		UPDATE state_counts SET n = n - 1 WHERE label = COALESCE(OLD.label, '') AND labelled = (OLD.label IS NOT NULL) AND state = OLD.state;
		INSERT INTO state_counts VALUES (COALESCE(NEW.label, ''), NEW.label IS NOT NULL, NEW.state, 1)
			ON CONFLICT DO UPDATE SET n = n + 1;
	END;
	CREATE TRIGGER state_counts_delete AFTER DELETE ON jobs
	BEGIN
		UPDATE state_counts SET n = n - 1 WHERE label = COALESCE(OLD.label, '') AND labelled = (OLD.label IS NOT NULL) AND state = OLD.state;
	END;
	`,
];
