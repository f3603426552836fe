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
    private static final String FETCH_MANY = """
            WITH candidate AS MATERIALIZED (
                SELECT jobs.id
                FROM procrastinate_jobs AS jobs
                WHERE jobs.status = 'todo'
                  AND ($1::varchar[] IS NULL OR jobs.queue_name = ANY ($1::varchar[]))
                  AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= now())
                  AND (jobs.lock IS NULL OR NOT EXISTS (
                      SELECT 1
                      FROM procrastinate_jobs AS other
                      WHERE other.lock = jobs.lock
                        AND other.id <> jobs.id
                        AND other.status = ANY (ARRAY['todo'::procrastinate_job_status,
                                                      'doing'::procrastinate_job_status])
                        AND (
                            other.status = 'doing'
                            OR ((other.priority > jobs.priority
                                 OR (other.priority = jobs.priority AND other.id < jobs.id))
                                AND (other.scheduled_at IS NULL OR other.scheduled_at <= now()))
                        )
                  ))
                ORDER BY jobs.priority DESC, jobs.id ASC
                LIMIT %d
                FOR UPDATE OF jobs SKIP LOCKED
            ), claimed AS (
                UPDATE procrastinate_jobs AS j
                SET status = 'doing', worker_id = $2::bigint
                WHERE j.id = ANY (ARRAY(SELECT candidate.id FROM candidate))
                RETURNING j.*
            )
            SELECT * FROM claimed ORDER BY priority DESC, id ASC""";

    static final String FINISH = """
            SELECT procrastinate_finish_job_v1($1::bigint, $2::procrastinate_job_status, $3::boolean)::text AS r""";

    private static final String[] FETCH_MANY_BY_SIZE = new String[65];

    /** {@link #FETCH_MANY} for batches of up to {@code max} jobs ({@code max >= 1}). */
    static String fetchMany(int max) {
        if (max >= FETCH_MANY_BY_SIZE.length) {
            return FETCH_MANY.formatted(max);
        }
        String sql = FETCH_MANY_BY_SIZE[max];
        if (sql == null) {
            sql = FETCH_MANY.formatted(max);
            FETCH_MANY_BY_SIZE[max] = sql;
        }
        return sql;
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

    static final String UPDATE_HEARTBEAT = "SELECT procrastinate_update_heartbeat_v1($1::bigint)::text AS r";

    static final String PRUNE_STALLED_WORKERS =
            "SELECT worker_id FROM procrastinate_prune_stalled_workers_v1($1::float8)";

    private JobSql() {
    }
}
