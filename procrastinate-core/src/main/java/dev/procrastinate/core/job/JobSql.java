package dev.procrastinate.core.job;

/** The statements of {@link SqlJobManager}. Only upstream's functions and tables are used. */
final class JobSql {

    /**
     * Parameters: seven parallel arrays, one element per job; JSON and timestamps travel as text and are cast here,
     * so that connectors that type parameters from the server's inference (Vert.x) bind plain strings. Ids come
     * back in input order.
     */
    static final String DEFER_BATCH = """
            SELECT ids.id FROM unnest((
                SELECT procrastinate_defer_jobs_v1(array_agg(
                    ROW(q, t, p, l, ql, a::jsonb, s::timestamptz)::procrastinate_job_to_defer_v1 ORDER BY n))
                FROM unnest($1::varchar[], $2::varchar[], $3::integer[], $4::text[], $5::text[], $6::text[],
                            $7::text[]) WITH ORDINALITY AS x(q, t, p, l, ql, a, s, n)
            )) WITH ORDINALITY AS ids(id, n)
            ORDER BY ids.n""";

    static final String DEFER_PERIODIC = """
            SELECT procrastinate_defer_periodic_job_v2($1::varchar, $2::varchar, $3::varchar, $4::varchar,
                $5::integer, $6::varchar, $7::bigint, $8::jsonb) AS id""";

    static final String FETCH_ONE = """
            SELECT * FROM procrastinate_fetch_job_v2($1::varchar[], $2::bigint) WHERE id IS NOT NULL""";

    /**
     * Claims up to $3 jobs in one round trip: the fetch function is called once per row of the series, and each
     * call sees the jobs the previous calls claimed, so every lock rule holds as for separate calls. The worker id
     * is made to depend on the series row ({@code + 0 * g.i}); without that the planner evaluates the uncorrelated
     * function once and repeats its result, handing out one job several times.
     */
    static final String FETCH_MANY = """
            SELECT j.* FROM generate_series(1, $3::integer) AS g(i)
            CROSS JOIN LATERAL procrastinate_fetch_job_v2($1::varchar[], $2::bigint + 0 * g.i) AS j
            WHERE j.id IS NOT NULL""";

    static final String FINISH = """
            SELECT procrastinate_finish_job_v1($1::bigint, $2::procrastinate_job_status, $3::boolean)::text AS r""";

    /** Finishes every job of the array in one statement (one function call per job, all or nothing). */
    static final String FINISH_MANY = """
            SELECT count(procrastinate_finish_job_v1(u.id, $2::procrastinate_job_status, $3::boolean)::text) AS n
            FROM unnest($1::bigint[]) AS u(id)""";

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
