package dev.procrastinate.core.job;

/**
 * The statements of {@link SqlJobManager}. Only upstream's functions and tables are used: the hot paths (batch
 * defer, claiming several jobs, ending several jobs) write the tables directly with the same statements as the
 * schema's functions, so they need nothing beyond a schema created by Python procrastinate 3.9, and every trigger
 * (events, NOTIFY, periodic unlinking) fires as it does through the functions.
 */
final class JobSql {

    /**
     * Parameters: seven parallel arrays, one element per job; JSON and timestamps travel as text and are cast here,
     * so that connectors that type parameters from the server's inference (Vert.x) bind plain strings. Ids come
     * back in input order.
     *
     * <p>The rows go straight into the table rather than through {@code procrastinate_defer_jobs_v1}: the table, its
     * defaults, its unique queueing-lock index and its triggers (events, NOTIFY) are the contract, the function is
     * one way in. It is the same single {@code INSERT ... SELECT} as that function's, without building a composite
     * array first. Ids are assigned in input order within the statement, so sorting them restores that order, as
     * the function does.
     */
    static final String DEFER_BATCH = """
            WITH inserted AS (
                INSERT INTO procrastinate_jobs
                    (queue_name, task_name, priority, lock, queueing_lock, args, scheduled_at)
                SELECT x.q, x.t, x.p, x.l, x.ql, x.a::jsonb, x.s::timestamptz
                FROM unnest($1::varchar[], $2::varchar[], $3::integer[], $4::text[], $5::text[], $6::text[],
                            $7::text[]) WITH ORDINALITY AS x(q, t, p, l, ql, a, s, n)
                ORDER BY x.n
                RETURNING id
            )
            SELECT id FROM inserted ORDER BY id""";

    static final String DEFER_PERIODIC = """
            SELECT procrastinate_defer_periodic_job_v2($1::varchar, $2::varchar, $3::varchar, $4::varchar,
                $5::integer, $6::varchar, $7::bigint, $8::jsonb) AS id""";

    /**
     * What makes a waiting job of {@code jobs} claimable, in the claim's order, locked as it is found: the conditions
     * of {@code procrastinate_fetch_job_v2} beyond status and queue, then {@code %2$s} (further conditions), the order
     * and {@code LIMIT %3$s}. The lock rule is a look-up on schema step 4's {@code
     * procrastinate4j_jobs_lock_todo_doing_idx} where it is installed; on upstream's indexes alone it reads {@code
     * procrastinate_jobs_id_lock_idx_v1}, whose lock is its second column, whole for each locked job, and the planner,
     * costing that for every candidate, rates a claim on a table of a million jobs near {@code jit_above_cost}.
     */
    private static final String CLAIMABLE = """
              AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= now())
              AND (jobs.lock IS NULL OR NOT EXISTS (
                  SELECT 1 FROM procrastinate_jobs AS other
                  WHERE other.lock = jobs.lock AND other.id <> jobs.id
                    AND other.status = ANY (ARRAY['todo'::procrastinate_job_status, 'doing'::procrastinate_job_status])
                    AND (other.status = 'doing'
                         OR ((other.priority > jobs.priority OR (other.priority = jobs.priority AND other.id < jobs.id))
                             AND (other.scheduled_at IS NULL OR other.scheduled_at <= now())))))%2$s
            ORDER BY jobs.priority DESC, jobs.id ASC
            LIMIT %3$s
            FOR UPDATE OF jobs SKIP LOCKED""";

    /**
     * Claims up to {@code max} jobs in one statement: the candidate query of {@code procrastinate_fetch_job_v2}
     * (schema.sql), same conditions and order, with {@code LIMIT max} instead of {@code LIMIT 1}, then one
     * {@code UPDATE} of the claimed rows (their triggers fire per row as for the function). This claims exactly the
     * jobs that $3 successive calls of the function would: a locked job is a candidate only when no other job with
     * its lock runs or waits before it, so at most one job per lock is a candidate, and claiming a job never makes
     * another one a candidate nor stops one from being one. Rows locked by another claim in progress are skipped and
     * still block their lock, as in the function. Keep this in step with the function.
     *
     * <p>The claimed rows are updated through {@code id = ANY (ARRAY(...))}, an index look-up by primary key whatever
     * the planner guesses: with a join instead, the generic plan a prepared statement switches to after five runs
     * does not know the limit, guesses 10% of the table and hash-joins it with a full scan of the jobs table on every
     * claim (seen at concurrency 1: one claim cost about 1 ms of server CPU instead of 0.1 ms). The limit is written
     * into the text rather than bound for the same reason: with a bound limit the generic plan looks dearer than
     * the custom ones, so the server plans the statement again on every run (three times the cost of one claim by
     * the function); with a literal one the plan is made once per connection and batch size.
     */
    private static final String FETCH_MANY = claim("""
            SELECT jobs.id, jobs.priority
            FROM procrastinate_jobs AS jobs
            WHERE jobs.status = 'todo'
              AND ($1::varchar[] IS NULL OR jobs.queue_name = ANY ($1::varchar[]))
            """ + CLAIMABLE);

    /**
     * {@link #FETCH_MANY} for named queues, claiming the same jobs: the first {@code max} of each watched queue, in
     * the claim's order and locked as they are found, merged and cut to the first {@code max}. Each queue's jobs are
     * walked on schema step 4's {@code procrastinate4j_jobs_queue_todo_idx} by an equality on the queue's name, where
     * {@code queue_name = ANY ($1)} walks upstream's {@code procrastinate_jobs_priority_idx_v1}, which holds the
     * waiting jobs of every queue, past those of the queues not watched (100,000 jobs parked in another queue made
     * each claim 1,500 times dearer). The jobs of a queue beyond those claimed stay locked until the claim commits, so
     * another claim meanwhile skips them as it would skip any job being claimed.
     *
     * <p>The watched queues are read through {@code ARRAY(SELECT DISTINCT ...)}, which the planner cannot look into
     * either: with {@code unnest($1)}, a custom plan counts the elements of the array given, the generic plan guesses
     * ten queues, finds itself ten times dearer and is never chosen, so the statement was planned again on every run.
     * Used only where step 4 is installed: without its index each watched queue would walk upstream's whole index.
     */
    private static final String FETCH_MANY_NAMED = claim("""
            SELECT named.id, named.priority
            FROM unnest(ARRAY(SELECT DISTINCT q FROM unnest($1::varchar[]) AS q%7$s)) AS w(queue_name)
            CROSS JOIN LATERAL (
                SELECT jobs.id, jobs.priority
                FROM procrastinate_jobs AS jobs
                WHERE jobs.status = 'todo'
                  AND jobs.queue_name = w.queue_name
            """ + CLAIMABLE.indent(4) + """
            ) AS named
            ORDER BY named.priority DESC, named.id ASC
            LIMIT %3$s""");

    /**
     * The claim around the candidate query {@code candidates}: {@code %1$s} (further CTEs, each ending with a
     * comma), the candidates, {@code %4$s} (appended to the candidates' read), the {@code UPDATE}, {@code %5$s}
     * (appended to the claimed rows' read) and {@code %6$s} (the columns returned).
     */
    private static String claim(String candidates) {
        return """
                WITH %1$scandidate AS MATERIALIZED (
                """ + candidates.indent(4) + """
                ), claimed AS (
                    UPDATE procrastinate_jobs AS j
                    SET status = 'doing', worker_id = $2::bigint
                    WHERE j.id = ANY (ARRAY(SELECT candidate.id FROM candidate%4$s))
                    RETURNING j.*
                )
                SELECT %6$s FROM claimed%5$s ORDER BY priority DESC, id ASC""";
    }

    /**
     * The columns a claim returns, those {@link dev.procrastinate.api.Job#fromRow} reads, with {@code args} as the
     * server's text of the jsonb: every connector then hands over the same string, and Vert.x does not decode the
     * jsonb into a {@code JsonObject} only for it to be written back to text.
     */
    private static final String CLAIMED_COLUMNS = "id, queue_name, task_name, priority, lock, queueing_lock, "
            + "args::text AS args, status, scheduled_at, attempts, abort_requested, worker_id";

    /**
     * {@link #FETCH_MANY} with queue control (schema step 3): the limited queues' jobs are claimed first by
     * {@code procrastinate4j_fetch_limited}, within their limits, which takes turns with the other claims of each
     * limited queue on its control row; then the queues without a control row fill the rest of the batch exactly as
     * without step 3. Paused queues get nothing. When no queue is paused or limited the function is not even called
     * (a one-time filter on the empty control table), so the claim costs what it did.
     */
    private static final String FETCH_MANY_CONTROLLED = controlled(FETCH_MANY, false);

    /**
     * {@link #FETCH_MANY_NAMED} with queue control, as {@link #FETCH_MANY_CONTROLLED} is {@link #FETCH_MANY}, except
     * that the paused and limited queues are left out of the watched queues walked, not job by job: in a walk of one
     * queue, the planner estimated that the queue's control row would rule out every job but one, and sorted all the
     * queue's jobs instead of walking the index (a claim of 32 jobs out of 20,000 took 20 ms instead of 0.2 ms, and
     * the server compiled it with JIT on every run, 0.9 s).
     */
    private static final String FETCH_MANY_NAMED_CONTROLLED = controlled(FETCH_MANY_NAMED, true);

    /**
     * {@code claim}, one of the claim statements, with queue control; the batch size stays to fill in. {@code %7$s}
     * is the condition on the watched queues {@code q} of {@link #FETCH_MANY_NAMED}.
     */
    private static String controlled(String claim, boolean named) {
        String walked = " WHERE NOT EXISTS (SELECT 1 FROM procrastinate4j_queue_controls AS c WHERE c.queue_name = q.q"
                + " AND (c.paused OR num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts,"
                + " c.max_starts_per_key) > 0))";
        String perJob = """

                  AND NOT EXISTS (
                      SELECT 1 FROM procrastinate4j_queue_controls AS c
                      WHERE c.queue_name = jobs.queue_name
                        AND (c.paused OR num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts,
                                                      c.max_starts_per_key) > 0))
                  -- when every watched queue is paused or limited, no scan at all (a one-time filter)
                  AND ($1::varchar[] IS NULL OR EXISTS (
                      SELECT 1 FROM unnest($1::varchar[]) AS w(queue_name)
                      WHERE NOT EXISTS (
                          SELECT 1 FROM procrastinate4j_queue_controls AS c
                          WHERE c.queue_name = w.queue_name
                            AND (c.paused OR num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts,
                                                          c.max_starts_per_key) > 0))))""";
        return claim.formatted("""
            limited AS MATERIALIZED (
                SELECT l.* FROM procrastinate4j_fetch_limited($1::varchar[], $2::bigint, %1$d) AS l
                WHERE EXISTS (
                    SELECT 1 FROM procrastinate4j_queue_controls AS c
                    WHERE NOT c.paused AND ($1::varchar[] IS NULL OR c.queue_name = ANY ($1::varchar[]))
                      AND num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts, c.max_starts_per_key) > 0)
            ),
            """, named ? "" : perJob, "%1$d",
            " ORDER BY candidate.priority DESC, candidate.id LIMIT %1$d - (SELECT count(*) FROM limited)",
            " UNION ALL SELECT " + CLAIMED_COLUMNS + " FROM limited", CLAIMED_COLUMNS, walked);
    }

    static final String FINISH = """
            SELECT procrastinate_finish_job_v1($1::bigint, $2::procrastinate_job_status, $3::boolean)::text AS r""";

    /** Whether schema step 4's index, which {@link #FETCH_MANY_NAMED} walks, is in this database. */
    static final String QUEUE_INDEX_PRESENT = """
            SELECT to_regclass('procrastinate4j_jobs_queue_todo_idx') IS NOT NULL AS present""";

    private static final String[] FETCH_MANY_BY_SIZE = new String[65];
    private static final String[] FETCH_MANY_NAMED_BY_SIZE = new String[65];
    private static final String[] FETCH_MANY_CONTROLLED_BY_SIZE = new String[65];
    private static final String[] FETCH_MANY_NAMED_CONTROLLED_BY_SIZE = new String[65];

    /**
     * The claim of up to {@code max} jobs ({@code max >= 1}): {@link #FETCH_MANY_NAMED} when {@code named} (the
     * queues are named and schema step 4 is installed), else {@link #FETCH_MANY}.
     */
    static String fetchMany(int max, boolean named) {
        return named
                ? bySize(FETCH_MANY_NAMED_BY_SIZE, max, () -> uncontrolled(FETCH_MANY_NAMED, max))
                : bySize(FETCH_MANY_BY_SIZE, max, () -> uncontrolled(FETCH_MANY, max));
    }

    /** {@link #fetchMany(int, boolean)} with queue control ({@link #FETCH_MANY_CONTROLLED}). */
    static String fetchManyControlled(int max, boolean named) {
        return named
                ? bySize(FETCH_MANY_NAMED_CONTROLLED_BY_SIZE, max, () -> FETCH_MANY_NAMED_CONTROLLED.formatted(max))
                : bySize(FETCH_MANY_CONTROLLED_BY_SIZE, max, () -> FETCH_MANY_CONTROLLED.formatted(max));
    }

    private static String uncontrolled(String claim, int max) {
        return claim.formatted("", "", max, "", "", CLAIMED_COLUMNS, "");
    }

    private static String bySize(String[] cache, int max, java.util.function.Supplier<String> sql) {
        if (max >= cache.length) {
            return sql.get();
        }
        String known = cache[max];
        if (known == null) {
            known = sql.get();
            cache[max] = known;
        }
        return known;
    }

    /**
     * Ends every job of the array in one statement, as {@code procrastinate_finish_job_v1} would one by one: the same
     * {@code UPDATE} (or {@code DELETE}) on the jobs that are {@code todo} or {@code doing}, for all of them at once.
     * Jobs it could not end (gone, or in another status), or all of them for an end status the function refuses,
     * are then handed to the function itself, which raises its own error and so rolls the whole statement back: one
     * job that cannot be finished means none is, and the caller sees upstream's message.
     */
    static final String FINISH_MANY = finishMany("""
            UPDATE procrastinate_jobs AS j
                SET status = $2::procrastinate_job_status,
                    abort_requested = false,
                    attempts = CASE WHEN j.status = 'doing' THEN j.attempts + 1 ELSE j.attempts END,
                    worker_id = NULL""", false);

    /** {@link #FINISH_MANY} for {@code delete_job}: the jobs' rows go (their events with them, by cascade). */
    static final String FINISH_MANY_DELETE = finishMany("DELETE FROM procrastinate_jobs AS j", true);

    private static String finishMany(String write, boolean delete) {
        return """
                WITH finished AS (
                    %s
                    WHERE j.id = ANY ($1::bigint[])
                      AND j.status IN ('todo', 'doing')
                      AND $2::procrastinate_job_status IN ('succeeded', 'failed', 'aborted')
                    RETURNING j.id
                )
                SELECT (SELECT count(*) FROM finished) AS n,
                       (SELECT count(procrastinate_finish_job_v1(u.id, $2::procrastinate_job_status, %s)::text)
                        FROM unnest($1::bigint[]) AS u(id)
                        WHERE u.id NOT IN (SELECT id FROM finished)) AS refused""".formatted(write, delete);
    }

    /**
     * Ends runs of one worker with one end status, fenced: only jobs still {@code doing} under worker $1 are ended
     * (the conditions sit in the {@code UPDATE} itself, so a row changed meanwhile by another transaction is checked
     * again in its new state). $2 ids, $3 the end status; with {@code failures}, $4-$6 exception class, message and
     * stack trace per job, in the order of $2 (null class: nothing recorded). Returns the ended ids. The same write
     * as {@code procrastinate_finish_job_v1} on a {@code doing} job. Rows are found by {@code id = ANY (...)}, an
     * index look-up whatever plan the server caches for the prepared statement (see {@link #FETCH_MANY}).
     */
    static String finishOwned(boolean failures) {
        return FINISH_OWNED.pick(failures);
    }

    /**
     * A statement in its two variants, built once: the same string on every call lets the driver's statement cache
     * find its prepared statement without hashing and comparing a fresh copy (pgjdbc), and costs no formatting per
     * job. {@code recording} inserts the run's failure into {@code procrastinate4j_job_failures}.
     */
    private record WithFailures(String plain, String recording) {

        /**
         * {@code statement} with its {@code %s} left empty, and with a {@code failures} CTE there that inserts the
         * rows of {@code failureRows}: a SELECT of job id, attempt, worker id, exception class, message, stack trace.
         */
        static WithFailures of(String statement, String failureRows) {
            return new WithFailures(statement.formatted(""), statement.formatted("""
                    , failures AS (
                        INSERT INTO procrastinate4j_job_failures
                            (job_id, attempt, worker_id, exception_class, message, stack_trace)
                    %s
                    )""".formatted(failureRows.indent(4).stripTrailing())));
        }

        String pick(boolean failures) {
            return failures ? recording : plain;
        }
    }

    private static final WithFailures FINISH_OWNED = WithFailures.of("""
            WITH updated AS (
                UPDATE procrastinate_jobs AS j
                SET status = $3::procrastinate_job_status,
                    abort_requested = false,
                    attempts = j.attempts + 1,
                    worker_id = NULL
                WHERE j.id = ANY ($2::bigint[]) AND j.status = 'doing' AND j.worker_id = $1::bigint
                RETURNING j.id, j.attempts
            )%s
            SELECT id FROM updated""", """
            SELECT u.id, u.attempts, $1::bigint, f.exception_class, f.message, f.stack_trace
            FROM updated AS u
            JOIN unnest($2::bigint[], $4::text[], $5::text[], $6::text[])
                AS f(id, exception_class, message, stack_trace) ON f.id = u.id
            WHERE f.exception_class IS NOT NULL""");

    /** {@link #finishOwned} for {@code delete_job}: the jobs' rows go (their events and failures with them). */
    static final String FINISH_OWNED_DELETE = """
            DELETE FROM procrastinate_jobs AS j
            WHERE j.id = ANY ($2::bigint[]) AND j.status = 'doing' AND j.worker_id = $1::bigint
            RETURNING j.id""";

    /**
     * {@code procrastinate_retry_job_v2} on a run of worker $1, fenced like {@link #finishOwned}: $2 job, $3 retry
     * at, $4 priority, $5 queue, $6 lock (nulls keep the job's), with {@code failures} $7-$9 the failure recorded
     * for that attempt. A job whose abort was requested ends failed instead, as in the function. Returns the id.
     */
    static String retryOwned(boolean failures) {
        return RETRY_OWNED.pick(failures);
    }

    private static final WithFailures RETRY_OWNED = WithFailures.of("""
            WITH retried AS (
                UPDATE procrastinate_jobs AS j
                SET attempts = j.attempts + 1,
                    status = (CASE WHEN j.abort_requested THEN 'failed' ELSE 'todo' END)::procrastinate_job_status,
                    abort_requested = false,
                    scheduled_at = CASE WHEN j.abort_requested THEN j.scheduled_at ELSE $3::timestamptz END,
                    priority = CASE WHEN j.abort_requested THEN j.priority
                                    ELSE COALESCE($4::integer, j.priority) END,
                    queue_name = CASE WHEN j.abort_requested THEN j.queue_name
                                      ELSE COALESCE($5::varchar, j.queue_name) END,
                    lock = CASE WHEN j.abort_requested THEN j.lock ELSE COALESCE($6::text, j.lock) END,
                    worker_id = NULL
                WHERE j.id = $2::bigint AND j.status = 'doing' AND j.worker_id = $1::bigint
                RETURNING j.id, j.attempts
            )%s
            SELECT id FROM retried""", """
            SELECT r.id, r.attempts, $1::bigint, $7::text, $8::text, $9::text
            FROM retried AS r
            WHERE $7::text IS NOT NULL""");

    /**
     * A snooze: run $2 of worker $1 goes back to {@code todo} at $3 with its attempts unchanged (failed if its abort
     * was requested); the status trigger writes the event.
     */
    static final String SNOOZE_OWNED = """
            UPDATE procrastinate_jobs AS j
            SET status = (CASE WHEN j.abort_requested THEN 'failed' ELSE 'todo' END)::procrastinate_job_status,
                abort_requested = false,
                scheduled_at = CASE WHEN j.abort_requested THEN j.scheduled_at ELSE $3::timestamptz END,
                worker_id = NULL
            WHERE j.id = $2::bigint AND j.status = 'doing' AND j.worker_id = $1::bigint
            RETURNING j.id""";

    /** Ids among $2 that are not {@code doing} under worker $1 (gone, ended, re-run elsewhere). */
    static final String NOT_OWNED = """
            SELECT u.id FROM unnest($2::bigint[]) AS u(id)
            WHERE NOT EXISTS (
                SELECT 1 FROM procrastinate_jobs AS j
                WHERE j.id = u.id AND j.status = 'doing' AND j.worker_id = $1::bigint)""";

    /**
     * Recovers stalled job $1 if it is still stalled once its row is locked (doing, and no worker with a heartbeat
     * younger than $2 seconds owns it): counts the recovery (with {@code counted}, in procrastinate4j_job_recoveries;
     * without, the job's attempts stand for the count), then puts it back to todo ($4 retry at, null = as it was;
     * $5 priority, $6 queue, $7 lock) or fails it when its abort was requested or the count exceeds $3. Records the
     * attempt's failure ($8-$10) when {@code counted}. Nothing happens unless the reaper's worker ($11 when
     * {@code counted}, else $8) has a heartbeat younger than half the timeout. Returns the new status and the count,
     * or no row.
     */
    static String recoverStalled(boolean counted) {
        return counted ? RECOVER_STALLED_COUNTED : RECOVER_STALLED;
    }

    private static final String RECOVER_STALLED = buildRecoverStalled(false);
    private static final String RECOVER_STALLED_COUNTED = buildRecoverStalled(true);

    private static String buildRecoverStalled(boolean counted) {
        String count = counted ? "c.recoveries" : "(t.attempts + 1)";
        return """
                WITH target AS (
                    SELECT j.id, j.abort_requested, j.attempts, j.worker_id
                    FROM procrastinate_jobs AS j
                    WHERE j.id = $1::bigint AND j.status = 'doing'
                      AND NOT EXISTS (
                          SELECT 1 FROM procrastinate_workers AS w
                          WHERE w.id = j.worker_id AND w.last_heartbeat >= now() - make_interval(secs => $2::float8))
                      AND EXISTS (
                          SELECT 1 FROM procrastinate_workers AS me
                          WHERE me.id = $%d::bigint
                            AND me.last_heartbeat >= now() - make_interval(secs => $2::float8 / 2))
                    FOR UPDATE OF j
                )%s, moved AS (
                    UPDATE procrastinate_jobs AS j
                    SET status = (CASE WHEN t.abort_requested OR %s > $3::integer THEN 'failed' ELSE 'todo' END)
                                 ::procrastinate_job_status,
                        abort_requested = false,
                        attempts = j.attempts + 1,
                        scheduled_at = CASE WHEN t.abort_requested OR %s > $3::integer THEN j.scheduled_at
                                            ELSE COALESCE($4::timestamptz, j.scheduled_at) END,
                        priority = COALESCE($5::integer, j.priority),
                        queue_name = COALESCE($6::varchar, j.queue_name),
                        lock = COALESCE($7::text, j.lock),
                        worker_id = NULL
                    FROM target AS t%s
                    WHERE j.id = t.id
                    RETURNING j.id, j.status::text AS status, %s AS recoveries, j.attempts, t.worker_id
                )%s
                SELECT status, recoveries FROM moved""".formatted(
                counted ? 11 : 8,
                counted ? """
                        , c AS (
                            INSERT INTO procrastinate4j_job_recoveries AS r (job_id, recoveries)
                            SELECT id, 1 FROM target
                            ON CONFLICT (job_id) DO UPDATE
                                SET recoveries = r.recoveries + 1, last_recovered_at = now()
                            RETURNING r.job_id, r.recoveries
                        )""" : "",
                count, count,
                counted ? " JOIN c ON c.job_id = t.id" : "",
                count,
                counted ? """
                        , failure AS (
                            INSERT INTO procrastinate4j_job_failures
                                (job_id, attempt, worker_id, exception_class, message, stack_trace)
                            SELECT m.id, m.attempts, m.worker_id, $8::text, $9::text, $10::text
                            FROM moved AS m
                            WHERE $8::text IS NOT NULL
                        )""" : "");
    }

    static final String FAILURES = """
            SELECT job_id, attempt, worker_id, failed_at, exception_class, message, stack_trace
            FROM procrastinate4j_job_failures WHERE job_id = $1::bigint ORDER BY id""";

    static final String EXTENSIONS_PRESENT = """
            SELECT to_regclass('procrastinate4j_job_failures') IS NOT NULL
               AND to_regclass('procrastinate4j_job_recoveries') IS NOT NULL AS present""";

    /** {@code procrastinate_update_heartbeat_v1}'s update, telling whether the worker's row is still there. */
    static final String HEARTBEAT = """
            UPDATE procrastinate_workers SET last_heartbeat = now() WHERE id = $1::bigint RETURNING id""";

    /**
     * {@code procrastinate_prune_stalled_workers_v1}'s delete for the reaper of worker $2: sparing it, and only while
     * its own heartbeat is younger than half the timeout at the time the server runs the statement.
     */
    static final String PRUNE_STALLED_WORKERS_EXCEPT = """
            DELETE FROM procrastinate_workers AS w
            WHERE w.last_heartbeat < now() - make_interval(secs => $1::float8) AND w.id <> $2::bigint
              AND EXISTS (SELECT 1 FROM procrastinate_workers AS me
                          WHERE me.id = $2::bigint
                            AND me.last_heartbeat >= now() - make_interval(secs => $1::float8 / 2))
            RETURNING w.id AS worker_id""";

    static final String RETRY = """
            SELECT procrastinate_retry_job_v2($1::bigint, $2::timestamptz, $3::integer, $4::varchar,
                $5::varchar)::text AS r""";

    static final String CANCEL = """
            SELECT procrastinate_cancel_job_v1($1::bigint, $2::boolean, $3::boolean) AS id""";

    static final String JOBS_TO_ABORT = """
            SELECT id FROM procrastinate_jobs
            WHERE id = ANY($1::bigint[]) AND status = 'doing' AND abort_requested""";

    static final String EVENTS = """
            SELECT id, job_id, type::text AS type, at FROM procrastinate_events WHERE job_id = $1::bigint
            ORDER BY at, id""";

    static final String COUNT_BY_STATUS = """
            SELECT status::text AS status, count(*) AS count FROM procrastinate_jobs GROUP BY status""";

    static final String STALLED_JOBS = """
            SELECT job.* FROM procrastinate_jobs AS job
            LEFT JOIN procrastinate_workers AS worker ON worker.id = job.worker_id
            WHERE job.status = 'doing'
              AND (worker.id IS NULL OR worker.last_heartbeat < now() - make_interval(secs => $1::float8))
              AND ($2::varchar[] IS NULL OR job.queue_name = ANY($2::varchar[]))
            ORDER BY job.id""";

    /** A job's age is that of its latest event; jobs without events (never deferred through us) are kept. */
    static final String DELETE_OLD_JOBS = """
            DELETE FROM procrastinate_jobs AS job
            WHERE job.status = ANY($3::procrastinate_job_status[])
              AND ($2::varchar IS NULL OR job.queue_name = $2::varchar)
              AND (SELECT max(e.at) FROM procrastinate_events AS e WHERE e.job_id = job.id)
                  < now() - make_interval(secs => $1::float8)
            RETURNING job.id""";

    static final String REGISTER_WORKER = "SELECT worker_id FROM procrastinate_register_worker_v1()";

    static final String UNREGISTER_WORKER = "SELECT procrastinate_unregister_worker_v1($1::bigint)::text AS r";

    static final String PRUNE_STALLED_WORKERS =
            "SELECT worker_id FROM procrastinate_prune_stalled_workers_v1($1::float8)";

    private JobSql() {
    }
}
