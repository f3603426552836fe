-- Step 4: two indexes on procrastinate_jobs for the claim (reference §6), beside upstream's, never a change to one.
-- Nothing else reads or needs them: a database without them claims the same jobs, only slower on a big table.

-- The waiting jobs of one queue in claim order. A worker that watches named queues walks this index once per watched
-- queue (JobSql.fetchMany with named queues) instead of upstream's procrastinate_jobs_priority_idx_v1, which holds the
-- waiting jobs of every queue: with 100,000 jobs waiting in a queue the worker does not watch, each claim walked past
-- all of them first (158 ms a claim instead of 0.1 ms).
CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_queue_todo_idx
    ON procrastinate_jobs (queue_name, priority DESC, id) WHERE status = 'todo';

-- procrastinate_fetch_job_v2's lock rule (a job waits while a job with its lock runs, or waits before it) as a
-- look-up by lock: upstream's procrastinate_jobs_id_lock_idx_v1 has the lock as its second column, so each locked
-- candidate was checked by reading the index of every waiting and running job; and the planner, costing that read
-- for every candidate, rated the claim on a table of a million jobs near jit_above_cost, and the claim of named
-- queues above it (compiled with JIT on every run where jit is on).
CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_lock_todo_doing_idx
    ON procrastinate_jobs (lock)
    WHERE status = ANY (ARRAY['todo'::procrastinate_job_status, 'doing'::procrastinate_job_status])
      AND lock IS NOT NULL;
