package dev.procrastinate.core.job;

/**
 * The statements of queue control (schema step 3, {@code V3__queue_controls.sql}): pause, limits, and the batch defer
 * that records each job's concurrency key. The claim that honours them is {@link JobSql#fetchManyControlled}.
 */
final class QueueControlSql {

    static final String PRESENT = """
            SELECT to_regclass('procrastinate4j_queue_controls') IS NOT NULL
               AND to_regprocedure('procrastinate4j_fetch_limited(varchar[],bigint,integer)') IS NOT NULL AS present""";

    /**
     * {@link JobSql#DEFER_BATCH} with $8, the concurrency key of each job (null: none), written in the same statement:
     * the jobs of a key get its next rounds, the first at least one past the queue's {@code fair_round} (the round
     * being claimed), so a key new to the queue waits behind one turn of every other key, not behind their backlog.
     */
    static final String DEFER_BATCH_KEYED = keyed(JobSql.DEFER_BATCH);

    private static String keyed(String plain) {
        String returning = "RETURNING id\n";
        String result = "SELECT id FROM inserted ORDER BY id";
        if (!plain.contains(returning) || !plain.endsWith(result)) {
            throw new IllegalStateException("JobSql.DEFER_BATCH changed shape; update QueueControlSql.keyed");
        }
        return plain.replace(returning, "RETURNING id, queue_name, priority\n")
                .replace(result, """
                        , numbered AS (
                            SELECT i.id, i.queue_name, i.priority, k.key,
                                   row_number() OVER (PARTITION BY i.queue_name, k.key ORDER BY i.id) AS nth,
                                   count(*) OVER (PARTITION BY i.queue_name, k.key) AS n
                            FROM (SELECT inserted.*, row_number() OVER (ORDER BY inserted.id) AS pos FROM inserted) AS i
                            JOIN unnest($8::text[]) WITH ORDINALITY AS k(key, pos) ON k.pos = i.pos
                            WHERE k.key IS NOT NULL
                        ), rounds AS (
                            INSERT INTO procrastinate4j_key_rounds AS r (queue_name, concurrency_key, last_round, deferred)
                            SELECT g.queue_name, g.key, COALESCE(c.fair_round, 0) + g.n, g.n
                            FROM (SELECT DISTINCT numbered.queue_name, numbered.key, numbered.n FROM numbered) AS g
                            LEFT JOIN procrastinate4j_queue_controls AS c ON c.queue_name = g.queue_name
                            ORDER BY g.queue_name, g.key
                            ON CONFLICT (queue_name, concurrency_key) DO UPDATE
                                SET last_round = greatest(r.last_round, excluded.last_round - excluded.deferred)
                                                 + excluded.deferred,
                                    deferred = r.deferred + excluded.deferred
                            RETURNING r.queue_name, r.concurrency_key, r.last_round
                        ), keyed AS (
                            INSERT INTO procrastinate4j_job_keys (job_id, queue_name, concurrency_key, priority, round)
                            SELECT nb.id, nb.queue_name, nb.key, nb.priority, r.last_round - nb.n + nb.nth
                            FROM numbered AS nb
                            JOIN rounds AS r ON r.queue_name = nb.queue_name AND r.concurrency_key = nb.key
                        )
                        """ + result);
    }

    /** Wakes up every worker of queue $1 as a new job would, with a payload Python workers treat the same way. */
    private static final String WAKE_UP = """
            SELECT pg_notify('procrastinate_queue_v1#' || $1::varchar, w.payload)::text AS q,
                   pg_notify('procrastinate_any_queue_v1', w.payload)::text AS a
            FROM (SELECT jsonb_build_object('type', 'job_inserted', 'job_id', 0)::text AS payload) AS w""";

    static final String PAUSE = """
            INSERT INTO procrastinate4j_queue_controls AS c (queue_name, paused) VALUES ($1::varchar, true)
            ON CONFLICT (queue_name) DO UPDATE SET paused = true, updated_at = now()
            RETURNING c.queue_name""";

    /** Resumes queue $1 (a row left with no pause and no limit goes) and wakes its workers. */
    static final String RESUME = """
            WITH resumed AS (
                UPDATE procrastinate4j_queue_controls AS c SET paused = false, updated_at = now()
                WHERE c.queue_name = $1::varchar
                  AND num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts, c.max_starts_per_key) > 0
                RETURNING c.queue_name
            ), emptied AS (
                DELETE FROM procrastinate4j_queue_controls AS c
                WHERE c.queue_name = $1::varchar
                  AND num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts, c.max_starts_per_key) = 0
                RETURNING c.queue_name
            )
            """ + WAKE_UP;

    /** Sets the limits of queue $1 ($2-$5 counts, $6 the period in seconds; all null: none) and wakes its workers. */
    static final String SET_LIMITS = """
            WITH upserted AS (
                INSERT INTO procrastinate4j_queue_controls AS c
                    (queue_name, max_running, max_running_per_key, max_starts, max_starts_per_key, rate_period)
                VALUES ($1::varchar, $2::integer, $3::integer, $4::integer, $5::integer,
                        make_interval(secs => $6::float8))
                ON CONFLICT (queue_name) DO UPDATE
                    SET max_running = excluded.max_running, max_running_per_key = excluded.max_running_per_key,
                        max_starts = excluded.max_starts, max_starts_per_key = excluded.max_starts_per_key,
                        rate_period = excluded.rate_period, updated_at = now()
                RETURNING c.queue_name
            )
            """ + WAKE_UP;

    /** Removes a row that is neither paused nor limited any more (after {@link #SET_LIMITS} with none). */
    static final String FORGET_IF_EMPTY = """
            DELETE FROM procrastinate4j_queue_controls AS c
            WHERE c.queue_name = $1::varchar AND NOT c.paused
              AND num_nonnulls(c.max_running, c.max_running_per_key, c.max_starts, c.max_starts_per_key) = 0
            RETURNING c.queue_name""";

    static final String LIST = """
            SELECT queue_name, paused, max_running, max_running_per_key, max_starts, max_starts_per_key,
                   round(extract(epoch FROM rate_period) * 1000)::bigint AS rate_period_millis
            FROM procrastinate4j_queue_controls ORDER BY queue_name""";

    private QueueControlSql() {
    }
}
