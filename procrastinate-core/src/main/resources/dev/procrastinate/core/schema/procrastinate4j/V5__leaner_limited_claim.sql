-- Step 5: the claim of limited queues in one statement per queue (issue 15, item 7: what limits cost). Step 3's
-- function chose the jobs in one statement and claimed them in a second, looking every walked job up again there and
-- its key once more; here one statement chooses, locks and claims, each job is looked up once, and the turn order's
-- own columns (key, round, priority, read from its index) are used as read. The tables and rules are step 3's.

-- Claims up to p_max jobs of the limited, unpaused queues among target_queue_names (NULL: all) for worker
-- p_worker_id, within each queue's limits. VOLATILE plpgsql: under READ COMMITTED each statement below takes a new
-- snapshot, so once a queue's row is locked the counts see every claim committed before, which the snapshot of the
-- calling statement, taken before the wait, would not.
CREATE OR REPLACE FUNCTION procrastinate4j_fetch_limited(target_queue_names varchar[], p_worker_id bigint,
                                                        p_max integer)
    RETURNS SETOF procrastinate_jobs
    LANGUAGE plpgsql
    -- planned once per connection: the plans look jobs up by id and walk indexes in the claim's order, so not
    -- knowing the limits when planning changes nothing
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    q varchar;
    c procrastinate4j_queue_controls;
    remaining integer := p_max;
    allowance integer;
    at timestamp with time zone;
    taken integer;
BEGIN
    FOR q IN
        SELECT x.queue_name FROM procrastinate4j_queue_controls AS x
        WHERE NOT x.paused AND (target_queue_names IS NULL OR x.queue_name = ANY (target_queue_names))
          AND num_nonnulls(x.max_running, x.max_running_per_key, x.max_starts, x.max_starts_per_key) > 0
        ORDER BY x.queue_name
    LOOP
        EXIT WHEN remaining < 1;
        -- the queue's turn: claims of this queue by other workers wait here until this one commits
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
            -- a limit per queue only: procrastinate_fetch_job_v2's choice, at most allowance jobs, claimed at once
            RETURN QUERY
                WITH picked AS MATERIALIZED (
                    SELECT j.id FROM procrastinate_jobs AS j
                    WHERE j.status = 'todo' AND j.queue_name = q
                      AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
                      AND (j.lock IS NULL OR procrastinate4j_lock_is_free(j.id, j.lock, j.priority))
                    ORDER BY j.priority DESC, j.id
                    LIMIT allowance
                    FOR UPDATE OF j SKIP LOCKED
                ), counted AS (
                    INSERT INTO procrastinate4j_queue_starts (queue_name, concurrency_key, started_at)
                    SELECT q, NULL, at FROM picked WHERE c.rate_period IS NOT NULL
                ), claim AS (
                    UPDATE procrastinate_jobs AS j SET status = 'doing', worker_id = p_worker_id
                    WHERE j.id = ANY (ARRAY(SELECT picked.id FROM picked))
                    RETURNING j.*
                )
                SELECT * FROM claim;
        ELSE
            -- limits per key: the waiting keyed jobs in turn order (skipping keys that may start nothing more now),
            -- the jobs back in todo after a run and the first waiting jobs without a key; each looked up once, the
            -- jobs to claim chosen among them and locked, claimed, counted, and taken out of the turn order with
            -- the walked entries whose job no longer waits in this queue
            RETURN QUERY
                WITH running AS MATERIALIZED (
                    SELECT k.concurrency_key AS key, count(*) AS n
                    FROM procrastinate_jobs AS j JOIN procrastinate4j_job_keys AS k ON k.job_id = j.id
                    WHERE c.max_running_per_key IS NOT NULL
                      AND j.worker_id IS NOT NULL AND j.status = 'doing' AND j.queue_name = q
                    GROUP BY k.concurrency_key
                ), started AS MATERIALIZED (
                    SELECT s.concurrency_key AS key, count(*) AS n FROM procrastinate4j_queue_starts AS s
                    WHERE c.max_starts_per_key IS NOT NULL AND s.queue_name = q AND s.concurrency_key IS NOT NULL
                    GROUP BY s.concurrency_key
                ), busy AS MATERIALIZED (
                    -- how many more jobs each busy key may start now (keys not here: their whole limit)
                    SELECT b.key, least(c.max_running_per_key - COALESCE(max(b.running), 0),
                                        c.max_starts_per_key - COALESCE(max(b.started), 0)) AS spare
                    FROM (SELECT running.key, running.n AS running, NULL::bigint AS started FROM running
                          UNION ALL
                          SELECT started.key, NULL, started.n FROM started) AS b
                    GROUP BY b.key
                ), walk AS MATERIALIZED (
                    -- an index-only walk of procrastinate4j_job_keys_waiting_idx; turn order puts each key once in
                    -- a round, so 8 entries more than the claim may take leave room for the jobs found not ready
                    SELECT k.job_id AS id, k.concurrency_key AS key, k.round FROM procrastinate4j_job_keys AS k
                    WHERE k.waiting AND k.queue_name = q
                      AND NOT EXISTS (SELECT 1 FROM busy WHERE busy.key = k.concurrency_key AND busy.spare < 1)
                    ORDER BY k.priority DESC, k.round, k.job_id
                    LIMIT 8 + allowance
                ), returned AS MATERIALIZED (
                    -- back in todo after a run: the waiting flag was cleared when it was claimed
                    SELECT r.id FROM procrastinate_jobs AS r
                    WHERE r.status = 'todo' AND r.attempts > 0 AND r.queue_name = q
                    ORDER BY r.priority DESC, r.id
                    LIMIT 8 + allowance
                ), source AS (
                    SELECT walk.id, walk.key, walk.round FROM walk
                    UNION
                    SELECT returned.id, x.concurrency_key, x.round
                    FROM returned
                    LEFT JOIN LATERAL (
                        SELECT y.concurrency_key, y.round FROM procrastinate4j_job_keys AS y
                        WHERE y.job_id = returned.id LIMIT 1) AS x ON true
                    UNION
                    -- jobs without a key among the first waiting ones of the queue (those walked have one)
                    SELECT f.id, NULL, NULL
                    FROM (SELECT w.id FROM procrastinate_jobs AS w
                          WHERE w.status = 'todo' AND w.queue_name = q
                          ORDER BY w.priority DESC, w.id
                          LIMIT 8 + allowance) AS f
                    WHERE f.id <> ALL (ARRAY(SELECT walk.id FROM walk))
                      -- a look-up by id (an anti join was planned as a hash of the whole table)
                      AND (SELECT y.job_id FROM procrastinate4j_job_keys AS y WHERE y.job_id = f.id) IS NULL
                ), candidate AS MATERIALIZED (
                    -- one look-up by id per job (LATERAL ... LIMIT 1), never a hash join over a scan of a table
                    SELECT source.id, source.key, COALESCE(source.round, c.fair_round + 1) AS round, j.priority,
                           COALESCE(j.here, false) AS here, COALESCE(j.here AND j.ready, false) AS ready
                    FROM source
                    LEFT JOIN LATERAL (
                        SELECT j.priority, j.status = 'todo' AND j.queue_name = q AS here,
                               CASE WHEN j.status = 'todo' AND j.queue_name = q
                                    THEN (j.scheduled_at IS NULL OR j.scheduled_at <= now())
                                         AND (j.lock IS NULL OR procrastinate4j_lock_is_free(j.id, j.lock, j.priority))
                               END AS ready
                        FROM procrastinate_jobs AS j WHERE j.id = source.id LIMIT 1) AS j ON true
                ), chosen AS MATERIALIZED (
                    SELECT ranked.id, ranked.key, ranked.round
                    FROM (SELECT candidate.*,
                                 row_number() OVER (PARTITION BY candidate.key
                                                    ORDER BY candidate.priority DESC, candidate.round, candidate.id)
                                     AS nth
                          FROM candidate WHERE candidate.ready) AS ranked
                    WHERE ranked.key IS NULL
                       OR ranked.nth <= COALESCE((SELECT busy.spare FROM busy WHERE busy.key = ranked.key),
                                                 least(c.max_running_per_key, c.max_starts_per_key))
                    ORDER BY ranked.priority DESC, ranked.round, ranked.id
                    LIMIT allowance
                ), locked AS MATERIALIZED (
                    SELECT j.id FROM procrastinate_jobs AS j
                    WHERE j.id = ANY (ARRAY(SELECT chosen.id FROM chosen)) AND j.status = 'todo'
                    ORDER BY j.id
                    FOR UPDATE OF j SKIP LOCKED
                ), counted AS (
                    INSERT INTO procrastinate4j_queue_starts (queue_name, concurrency_key, started_at)
                    SELECT q, chosen.key, at FROM chosen
                    WHERE c.rate_period IS NOT NULL AND chosen.id IN (SELECT locked.id FROM locked)
                ), left_turn AS (
                    UPDATE procrastinate4j_job_keys AS k SET waiting = false
                    WHERE k.waiting
                      AND k.job_id = ANY (ARRAY(SELECT locked.id FROM locked)
                                          || ARRAY(SELECT candidate.id FROM candidate WHERE NOT candidate.here))
                ), turn AS (
                    UPDATE procrastinate4j_queue_controls AS x SET fair_round = m.round
                    FROM (SELECT max(chosen.round) AS round FROM chosen
                          WHERE chosen.key IS NOT NULL AND chosen.id IN (SELECT locked.id FROM locked)) AS m
                    WHERE x.queue_name = q AND m.round > x.fair_round
                ), claim AS (
                    UPDATE procrastinate_jobs AS j SET status = 'doing', worker_id = p_worker_id
                    WHERE j.id = ANY (ARRAY(SELECT locked.id FROM locked))
                    RETURNING j.*
                )
                SELECT * FROM claim;
        END IF;
        GET DIAGNOSTICS taken = ROW_COUNT;
        remaining := remaining - taken;
    END LOOP;
END;
$$;
