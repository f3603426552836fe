-- procrastinate-java's own objects, step 1 (reference §6): beside upstream's 3.9 schema, never changing it.
-- Everything is prefixed procrastinate4j_, a prefix upstream never uses. Python workers ignore these tables.

-- How many times each job was put back to run after its worker died or was cut off (bounded by maxRecoveries).
CREATE TABLE IF NOT EXISTS procrastinate4j_job_recoveries (
    job_id bigint PRIMARY KEY REFERENCES procrastinate_jobs (id) ON DELETE CASCADE,
    recoveries integer NOT NULL,
    last_recovered_at timestamp with time zone NOT NULL DEFAULT now()
);

-- Why each failed or retried run failed, written with the job's end; deleted with the job.
CREATE TABLE IF NOT EXISTS procrastinate4j_job_failures (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES procrastinate_jobs (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    worker_id bigint,
    failed_at timestamp with time zone NOT NULL DEFAULT now(),
    exception_class text NOT NULL,
    message text,
    stack_trace text
);

CREATE INDEX IF NOT EXISTS procrastinate4j_job_failures_job_id_idx ON procrastinate4j_job_failures (job_id, id);
