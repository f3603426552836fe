-- Step 3: queue pause, concurrency limits (per queue and per concurrency key, fair between keys) and rate limits
-- (reference §6). Enforced by procrastinate-java's claim statement; Python workers ignore every table here.

-- One row per paused or limited queue. Claims of a limited queue take turns on its row (FOR UPDATE), so limits hold
-- across workers; claims of queues without a row never read or lock it.
CREATE TABLE IF NOT EXISTS procrastinate4j_queue_controls (
    queue_name varchar(128) PRIMARY KEY,
    paused boolean NOT NULL DEFAULT false,
    max_running integer CHECK (max_running > 0),
    max_running_per_key integer CHECK (max_running_per_key > 0),
    max_starts integer CHECK (max_starts > 0),
    max_starts_per_key integer CHECK (max_starts_per_key > 0),
    rate_period interval CHECK (rate_period > interval '0'),
    -- the round (see procrastinate4j_job_keys) of the latest job claimed by key; a key new to the queue starts here
    fair_round bigint NOT NULL DEFAULT 0,
    updated_at timestamp with time zone NOT NULL DEFAULT now(),
    CHECK ((max_starts IS NULL AND max_starts_per_key IS NULL) = (rate_period IS NULL))
);

-- The concurrency key of a job, given at defer time. round is the job's turn among its key's jobs: the nth job
-- deferred with a key gets the key's previous round + 1 (at least the queue's fair_round + 1), so claiming in round
-- order serves keys in turn. waiting is cleared once the job was claimed (or found no longer waiting).
CREATE TABLE IF NOT EXISTS procrastinate4j_job_keys (
    job_id bigint PRIMARY KEY REFERENCES procrastinate_jobs (id) ON DELETE CASCADE,
    queue_name varchar(128) NOT NULL,
    concurrency_key text NOT NULL,
    priority integer NOT NULL,
    round bigint NOT NULL,
    waiting boolean NOT NULL DEFAULT true
);

CREATE INDEX IF NOT EXISTS procrastinate4j_job_keys_waiting_idx
    ON procrastinate4j_job_keys (queue_name, priority DESC, round, job_id) INCLUDE (concurrency_key) WHERE waiting;

-- The latest round given to each key of each queue, and how many jobs it was given.
CREATE TABLE IF NOT EXISTS procrastinate4j_key_rounds (
    queue_name varchar(128) NOT NULL,
    concurrency_key text NOT NULL,
    last_round bigint NOT NULL,
    deferred bigint NOT NULL,
    PRIMARY KEY (queue_name, concurrency_key)
);

-- Starts of rate-limited queues within their period (older rows are deleted by the next claim).
CREATE TABLE IF NOT EXISTS procrastinate4j_queue_starts (
    queue_name varchar(128) NOT NULL,
    concurrency_key text,
    started_at timestamp with time zone NOT NULL
);

CREATE INDEX IF NOT EXISTS procrastinate4j_queue_starts_idx ON procrastinate4j_queue_starts (queue_name, started_at);

-- Jobs back in todo after a run (retried, recovered): attempts > 0. A keyed job's waiting flag was cleared when it
-- was claimed; this finds it again.
CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_returned_idx
    ON procrastinate_jobs (queue_name, priority DESC, id) WHERE status = 'todo' AND attempts > 0;

-- procrastinate_fetch_job_v2's lock rule: the job may start unless a job with its lock runs, or waits before it
-- (higher priority, or the same and a lower id) and is due.
CREATE OR REPLACE FUNCTION procrastinate4j_lock_is_free(p_id bigint, p_lock text, p_priority integer)
    RETURNS boolean
    LANGUAGE sql STABLE
AS $$
    SELECT NOT EXISTS (
        SELECT 1 FROM procrastinate_jobs AS o
        WHERE o.lock = p_lock AND o.id <> p_id AND o.status IN ('todo', 'doing')
          AND (o.status = 'doing'
               OR ((o.priority, -o.id) > (p_priority, -p_id) AND (o.scheduled_at IS NULL OR o.scheduled_at <= now()))))
$$;

-- Claims up to p_max jobs of the limited, unpaused queues among target_queue_names (NULL: all) for worker
-- p_worker_id, within each queue's limits. VOLATILE plpgsql: under READ COMMITTED each statement below takes a new
-- snapshot, so once a queue's row is locked the counts see every claim committed before, which the snapshot of the
-- calling statement, taken before the wait, would not.
CREATE OR REPLACE FUNCTION procrastinate4j_fetch_limited(target_queue_names varchar[], p_worker_id bigint,
                                                        p_max integer)
    RETURNS SETOF procrastinate_jobs
    LANGUAGE plpgsql
AS $$
DECLARE
    q varchar;
    c procrastinate4j_queue_controls;
    remaining integer := p_max;
    allowance integer;
    at timestamp with time zone;
    pool integer;
    per_key_running jsonb;
    per_key_started jsonb;
    walked bigint[];
    claimed bigint[];
BEGIN
    FOR q IN
        SELECT x.queue_name FROM procrastinate4j_queue_controls AS x
        WHERE NOT x.paused AND (target_queue_names IS NULL OR x.queue_name = ANY (target_queue_names))
          AND num_nonnulls(x.max_running, x.max_running_per_key, x.max_starts, x.max_starts_per_key) > 0
        ORDER BY x.queue_name
    LOOP
        EXIT WHEN remaining < 1;
        walked := NULL;
        SELECT * INTO c FROM procrastinate4j_queue_controls AS x WHERE x.queue_name = q FOR UPDATE;
        CONTINUE WHEN NOT FOUND OR c.paused
            OR num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts, c.max_starts_per_key) = 0;
        at := clock_timestamp();
        allowance := remaining;
        IF c.max_running IS NOT NULL THEN
            allowance := least(allowance, c.max_running - (
                SELECT count(*) FROM procrastinate_jobs AS j
                WHERE j.worker_id IS NOT NULL AND j.status = 'doing' AND j.queue_name = q));
        END IF;
        IF c.rate_period IS NOT NULL THEN
            DELETE FROM procrastinate4j_queue_starts AS s WHERE s.queue_name = q AND s.started_at <= at - c.rate_period;
            IF c.max_starts IS NOT NULL THEN
                allowance := least(allowance, c.max_starts - (
                    SELECT count(*) FROM procrastinate4j_queue_starts AS s WHERE s.queue_name = q));
            END IF;
        END IF;
        CONTINUE WHEN allowance < 1;

        IF c.max_running_per_key IS NULL AND c.max_starts_per_key IS NULL THEN
            -- a limit per queue only: procrastinate_fetch_job_v2's choice, at most allowance jobs
            claimed := ARRAY(
                SELECT j.id FROM procrastinate_jobs AS j
                WHERE j.status = 'todo' AND j.queue_name = q AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
                  AND (j.lock IS NULL OR procrastinate4j_lock_is_free(j.id, j.lock, j.priority))
                ORDER BY j.priority DESC, j.id
                LIMIT allowance
                FOR UPDATE OF j SKIP LOCKED);
        ELSE
            -- limits per key: how many more jobs each busy key may start now
            per_key_running := COALESCE((
                SELECT jsonb_object_agg(r.concurrency_key, r.n) FROM (
                    SELECT k.concurrency_key, count(*) AS n
                    FROM procrastinate_jobs AS j JOIN procrastinate4j_job_keys AS k ON k.job_id = j.id
                    WHERE j.worker_id IS NOT NULL AND j.status = 'doing' AND j.queue_name = q
                    GROUP BY k.concurrency_key) AS r), '{}');
            per_key_started := COALESCE((
                SELECT jsonb_object_agg(r.concurrency_key, r.n) FROM (
                    SELECT s.concurrency_key, count(*) AS n FROM procrastinate4j_queue_starts AS s
                    WHERE s.queue_name = q AND s.concurrency_key IS NOT NULL
                    GROUP BY s.concurrency_key) AS r), '{}');
            pool := 8 + 2 * allowance;
            -- the waiting keyed jobs in turn order, skipping keys that may start nothing more now
            walked := ARRAY(
                SELECT k.job_id FROM procrastinate4j_job_keys AS k
                WHERE k.waiting AND k.queue_name = q
                  AND (c.max_running_per_key IS NULL
                       OR COALESCE((per_key_running ->> k.concurrency_key)::integer, 0) < c.max_running_per_key)
                  AND (c.max_starts_per_key IS NULL
                       OR COALESCE((per_key_started ->> k.concurrency_key)::integer, 0) < c.max_starts_per_key)
                ORDER BY k.priority DESC, k.round, k.job_id
                LIMIT pool);
            claimed := ARRAY(
                WITH candidate AS (
                    SELECT j.id, j.priority, k.concurrency_key AS key, COALESCE(k.round, c.fair_round + 1) AS round
                    FROM procrastinate_jobs AS j
                    LEFT JOIN procrastinate4j_job_keys AS k ON k.job_id = j.id
                    WHERE j.id IN (
                              SELECT unnest(walked)
                              UNION
                              -- back in todo after a run: the waiting flag was cleared when it was claimed
                              (SELECT r.id FROM procrastinate_jobs AS r
                               WHERE r.status = 'todo' AND r.attempts > 0 AND r.queue_name = q
                               ORDER BY r.priority DESC, r.id LIMIT pool)
                              UNION
                              -- jobs without a key, among the first waiting ones of the queue
                              (SELECT f.id FROM (
                                   SELECT w.id FROM procrastinate_jobs AS w
                                   WHERE w.status = 'todo' AND w.queue_name = q
                                   ORDER BY w.priority DESC, w.id LIMIT pool) AS f
                               WHERE NOT EXISTS (SELECT 1 FROM procrastinate4j_job_keys AS x WHERE x.job_id = f.id)))
                      AND j.status = 'todo' AND j.queue_name = q
                      AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
                      AND (j.lock IS NULL OR procrastinate4j_lock_is_free(j.id, j.lock, j.priority))
                ), ranked AS (
                    SELECT candidate.*,
                           row_number() OVER (PARTITION BY candidate.key
                                              ORDER BY candidate.priority DESC, candidate.round, candidate.id) AS nth
                    FROM candidate
                )
                SELECT ranked.id FROM ranked
                WHERE ranked.key IS NULL
                   OR ((c.max_running_per_key IS NULL OR ranked.nth <= c.max_running_per_key
                            - COALESCE((per_key_running ->> ranked.key)::integer, 0))
                       AND (c.max_starts_per_key IS NULL OR ranked.nth <= c.max_starts_per_key
                            - COALESCE((per_key_started ->> ranked.key)::integer, 0)))
                ORDER BY ranked.priority DESC, ranked.round, ranked.id
                LIMIT allowance);
            claimed := ARRAY(
                SELECT j.id FROM procrastinate_jobs AS j
                WHERE j.id = ANY (claimed) AND j.status = 'todo'
                ORDER BY j.id
                FOR UPDATE OF j SKIP LOCKED);
        END IF;
        CONTINUE WHEN cardinality(claimed) = 0 AND walked IS NULL;

        RETURN QUERY
            UPDATE procrastinate_jobs AS j SET status = 'doing', worker_id = p_worker_id
            WHERE j.id = ANY (claimed)
            RETURNING j.*;
        remaining := remaining - cardinality(claimed);
        IF c.rate_period IS NOT NULL THEN
            INSERT INTO procrastinate4j_queue_starts (queue_name, concurrency_key, started_at)
            SELECT q, k.concurrency_key, at
            FROM unnest(claimed) AS u(id) LEFT JOIN procrastinate4j_job_keys AS k ON k.job_id = u.id;
        END IF;
        IF walked IS NOT NULL THEN
            -- claimed jobs, and walked ones that are no longer waiting in this queue, leave the turn order
            UPDATE procrastinate4j_job_keys AS k SET waiting = false
            FROM procrastinate_jobs AS j
            WHERE k.job_id = j.id AND k.waiting AND k.job_id = ANY (walked || claimed)
              AND (j.status <> 'todo' OR j.queue_name <> k.queue_name);
            UPDATE procrastinate4j_queue_controls AS x
            SET fair_round = m.round
            FROM (SELECT max(k.round) AS round FROM procrastinate4j_job_keys AS k WHERE k.job_id = ANY (claimed)) AS m
            WHERE x.queue_name = q AND m.round > x.fair_round;
            walked := NULL;
        END IF;
    END LOOP;
END;
$$;
