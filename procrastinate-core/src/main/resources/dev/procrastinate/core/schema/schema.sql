-- procrastinate schema, version 3.9 (the database contract shared with Python procrastinate).
-- Every name, argument and return type below is part of that contract: change none of them.
-- Deliberate differences from upstream, all compatible with its clients, are marked "procrastinate-java:".

-- Types ---------------------------------------------------------------------------------------------------------

CREATE TYPE procrastinate_job_status AS ENUM (
    'todo', 'doing', 'succeeded', 'failed', 'cancelled',
    'aborting',  -- legacy, never set
    'aborted'
);

CREATE TYPE procrastinate_job_event_type AS ENUM (
    'deferred', 'started', 'deferred_for_retry', 'failed', 'succeeded', 'cancelled',
    'abort_requested', 'aborted', 'scheduled', 'retried'
);

CREATE TYPE procrastinate_job_to_defer_v1 AS (
    queue_name character varying,
    task_name character varying,
    priority integer,
    lock text,
    queueing_lock text,
    args jsonb,
    scheduled_at timestamp with time zone
);

-- Tables --------------------------------------------------------------------------------------------------------

CREATE TABLE procrastinate_workers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    last_heartbeat timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE procrastinate_jobs (
    id bigserial PRIMARY KEY,
    queue_name character varying(128) NOT NULL,
    task_name character varying(128) NOT NULL,
    priority integer NOT NULL DEFAULT 0,
    lock text,
    queueing_lock text,
    args jsonb NOT NULL DEFAULT '{}',
    status procrastinate_job_status NOT NULL DEFAULT 'todo',
    scheduled_at timestamp with time zone NULL,
    attempts integer NOT NULL DEFAULT 0,
    abort_requested boolean NOT NULL DEFAULT false,
    worker_id bigint NULL REFERENCES procrastinate_workers (id) ON DELETE SET NULL,
    CONSTRAINT check_not_todo_abort_requested CHECK (NOT (status = 'todo' AND abort_requested = true))
);

CREATE TABLE procrastinate_periodic_defers (
    id bigserial PRIMARY KEY,
    task_name character varying(128) NOT NULL,
    defer_timestamp bigint,
    job_id bigint NULL REFERENCES procrastinate_jobs (id),
    periodic_id character varying(128) NOT NULL DEFAULT '',
    CONSTRAINT procrastinate_periodic_defers_unique UNIQUE (task_name, periodic_id, defer_timestamp)
);

CREATE TABLE procrastinate_events (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES procrastinate_jobs ON DELETE CASCADE,
    type procrastinate_job_event_type,
    at timestamp with time zone NULL DEFAULT now()
);

-- Indexes -------------------------------------------------------------------------------------------------------

-- At most one waiting job per queueing lock: a clash on this index is how "already enqueued" is recognised.
CREATE UNIQUE INDEX procrastinate_jobs_queueing_lock_idx_v1 ON procrastinate_jobs (queueing_lock)
    WHERE status = 'todo';
-- At most one running job per lock.
CREATE UNIQUE INDEX procrastinate_jobs_lock_idx_v1 ON procrastinate_jobs (lock) WHERE status = 'doing';
CREATE INDEX procrastinate_jobs_queue_name_idx_v1 ON procrastinate_jobs (queue_name);
CREATE INDEX procrastinate_jobs_id_lock_idx_v1 ON procrastinate_jobs (id, lock)
    WHERE status = ANY (ARRAY['todo'::procrastinate_job_status, 'doing'::procrastinate_job_status]);
CREATE INDEX procrastinate_jobs_priority_idx_v1 ON procrastinate_jobs (priority DESC, id ASC)
    WHERE status = 'todo';
CREATE INDEX idx_procrastinate_jobs_worker_not_null ON procrastinate_jobs (worker_id)
    WHERE worker_id IS NOT NULL AND status = 'doing';
CREATE INDEX procrastinate_events_job_id_fkey_v1 ON procrastinate_events (job_id);
CREATE INDEX procrastinate_periodic_defers_job_id_fkey_v1 ON procrastinate_periodic_defers (job_id);
CREATE INDEX idx_procrastinate_workers_last_heartbeat ON procrastinate_workers (last_heartbeat);

-- Deferring -----------------------------------------------------------------------------------------------------

-- Inserts every job in one statement; returns their ids in input order. A queueing-lock clash fails the lot.
CREATE FUNCTION procrastinate_defer_jobs_v1(jobs procrastinate_job_to_defer_v1[])
    RETURNS bigint[]
    LANGUAGE plpgsql
AS $$
DECLARE
    ids bigint[];
BEGIN
    WITH inserted AS (
        INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args, scheduled_at)
        SELECT input.queue_name, input.task_name, input.priority, input.lock, input.queueing_lock, input.args,
               input.scheduled_at
        FROM unnest(jobs) WITH ORDINALITY
            AS input(queue_name, task_name, priority, lock, queueing_lock, args, scheduled_at, position)
        ORDER BY input.position
        RETURNING id
    )
    SELECT array_agg(inserted.id ORDER BY inserted.id) INTO ids FROM inserted;
    RETURN ids;
END;
$$;

-- Defers the job of one periodic tick, once across all workers: the unique (task, periodic id, timestamp) row
-- decides who does it. Returns NULL when that tick was already deferred.
CREATE FUNCTION procrastinate_defer_periodic_job_v2(
    _queue_name character varying,
    _lock character varying,
    _queueing_lock character varying,
    _task_name character varying,
    _priority integer,
    _periodic_id character varying,
    _defer_timestamp bigint,
    _args jsonb
)
    RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    _defer_id bigint;
    _job_id bigint;
BEGIN
    INSERT INTO procrastinate_periodic_defers (task_name, periodic_id, defer_timestamp)
    VALUES (_task_name, _periodic_id, _defer_timestamp)
    ON CONFLICT DO NOTHING
    RETURNING id INTO _defer_id;

    IF _defer_id IS NULL THEN
        RETURN NULL;
    END IF;

    _job_id := (procrastinate_defer_jobs_v1(ARRAY[
        ROW(_queue_name, _task_name, _priority, _lock, _queueing_lock, _args, NULL)::procrastinate_job_to_defer_v1
    ]))[1];

    UPDATE procrastinate_periodic_defers SET job_id = _job_id WHERE id = _defer_id;

    DELETE FROM procrastinate_periodic_defers AS d
    WHERE d.task_name = _task_name
      AND d.periodic_id = _periodic_id
      AND d.defer_timestamp < _defer_timestamp;

    RETURN _job_id;
END;
$$;

-- Fetching ------------------------------------------------------------------------------------------------------

-- Claims the next job: todo, in the target queues (NULL = all), due, highest priority then oldest. A job with a
-- lock waits while another job with that lock runs, or while one that comes before it (higher priority, or same
-- priority and lower id) is waiting and due.
-- procrastinate-java: a same-lock job scheduled in the future no longer blocks the lock until its time comes
-- (upstream issue 1599): only due jobs take part in the lock order. Same-lock jobs in other queues still do,
-- since the database cannot know which queues some worker watches.
-- Calling it several times in one statement claims several distinct jobs: each call sees the earlier claims.
CREATE FUNCTION procrastinate_fetch_job_v2(target_queue_names character varying[], p_worker_id bigint)
    RETURNS procrastinate_jobs
    LANGUAGE plpgsql
AS $$
DECLARE
    found_job procrastinate_jobs;
BEGIN
    WITH candidate AS (
        SELECT jobs.id
        FROM procrastinate_jobs AS jobs
        WHERE jobs.status = 'todo'
          AND (target_queue_names IS NULL OR jobs.queue_name = ANY (target_queue_names))
          AND (jobs.scheduled_at IS NULL OR jobs.scheduled_at <= now())
          AND (jobs.lock IS NULL OR NOT EXISTS (
              SELECT 1
              FROM procrastinate_jobs AS other
              WHERE other.lock = jobs.lock
                AND other.id <> jobs.id
                AND other.status = ANY (ARRAY['todo'::procrastinate_job_status, 'doing'::procrastinate_job_status])
                AND (
                    other.status = 'doing'
                    OR ((other.priority > jobs.priority OR (other.priority = jobs.priority AND other.id < jobs.id))
                        AND (other.scheduled_at IS NULL OR other.scheduled_at <= now()))
                )
          ))
        ORDER BY jobs.priority DESC, jobs.id ASC
        LIMIT 1
        FOR UPDATE OF jobs SKIP LOCKED
    )
    UPDATE procrastinate_jobs AS j
    SET status = 'doing', worker_id = p_worker_id
    FROM candidate
    WHERE j.id = candidate.id
    RETURNING j.* INTO found_job;

    RETURN found_job;
END;
$$;

-- Ending, retrying, cancelling ----------------------------------------------------------------------------------

-- procrastinate-java: worker_id is cleared when a job leaves "doing", so that deleting a worker (unregister,
-- prune) only touches the jobs it is running instead of rewriting its whole history.
CREATE FUNCTION procrastinate_finish_job_v1(job_id bigint, end_status procrastinate_job_status, delete_job boolean)
    RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    _job_id bigint;
BEGIN
    IF end_status NOT IN ('succeeded', 'failed', 'aborted') THEN
        RAISE 'End status should be either "succeeded", "failed" or "aborted" (job id: %)', job_id;
    END IF;
    IF delete_job THEN
        DELETE FROM procrastinate_jobs AS j
        WHERE j.id = job_id AND j.status IN ('todo', 'doing')
        RETURNING j.id INTO _job_id;
    ELSE
        UPDATE procrastinate_jobs AS j
        SET status = end_status,
            abort_requested = false,
            attempts = CASE WHEN j.status = 'doing' THEN j.attempts + 1 ELSE j.attempts END,
            worker_id = NULL
        WHERE j.id = job_id AND j.status IN ('todo', 'doing')
        RETURNING j.id INTO _job_id;
    END IF;
    IF _job_id IS NULL THEN
        RAISE 'Job was not found or not in "doing" or "todo" status (job id: %)', job_id;
    END IF;
END;
$$;

-- todo -> cancelled (or deleted); with abort, a doing job gets abort_requested. Returns the id, or NULL.
CREATE FUNCTION procrastinate_cancel_job_v1(job_id bigint, abort boolean, delete_job boolean)
    RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    _job_id bigint;
BEGIN
    IF delete_job THEN
        DELETE FROM procrastinate_jobs AS j
        WHERE j.id = job_id AND j.status = 'todo'
        RETURNING j.id INTO _job_id;
    END IF;
    IF _job_id IS NULL THEN
        IF abort THEN
            UPDATE procrastinate_jobs AS j
            SET abort_requested = true,
                status = CASE WHEN j.status = 'todo' THEN 'cancelled'::procrastinate_job_status ELSE j.status END
            WHERE j.id = job_id AND j.status IN ('todo', 'doing')
            RETURNING j.id INTO _job_id;
        ELSE
            UPDATE procrastinate_jobs AS j
            SET status = 'cancelled'
            WHERE j.id = job_id AND j.status = 'todo'
            RETURNING j.id INTO _job_id;
        END IF;
    END IF;
    RETURN _job_id;
END;
$$;

-- doing or failed -> todo at retry_at, attempts + 1; non-NULL new values replace the old ones. A doing job whose
-- abort was requested is failed instead of retried.
-- procrastinate-java: failing it clears abort_requested, and so does retrying a failed job, so that a manual
-- retry never breaks check_not_todo_abort_requested.
CREATE FUNCTION procrastinate_retry_job_v2(
    job_id bigint,
    retry_at timestamp with time zone,
    new_priority integer,
    new_queue_name character varying,
    new_lock character varying
)
    RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    _job_id bigint;
    _status procrastinate_job_status;
    _abort_requested boolean;
BEGIN
    SELECT j.status, j.abort_requested INTO _status, _abort_requested
    FROM procrastinate_jobs AS j
    WHERE j.id = job_id AND j.status IN ('doing', 'failed')
    FOR UPDATE;

    IF _status = 'doing' AND _abort_requested THEN
        UPDATE procrastinate_jobs AS j
        SET status = 'failed', abort_requested = false, attempts = j.attempts + 1, worker_id = NULL
        WHERE j.id = job_id AND j.status = 'doing'
        RETURNING j.id INTO _job_id;
    ELSE
        UPDATE procrastinate_jobs AS j
        SET status = 'todo',
            abort_requested = false,
            attempts = j.attempts + 1,
            scheduled_at = retry_at,
            priority = COALESCE(new_priority, j.priority),
            queue_name = COALESCE(new_queue_name, j.queue_name),
            lock = COALESCE(new_lock, j.lock),
            worker_id = NULL
        WHERE j.id = job_id AND j.status IN ('doing', 'failed')
        RETURNING j.id INTO _job_id;
    END IF;

    IF _job_id IS NULL THEN
        RAISE 'Job was not found or has an invalid status to retry (job id: %)', job_id;
    END IF;
END;
$$;

-- Kept for clients of the previous version: only doing jobs, otherwise as v2.
CREATE FUNCTION procrastinate_retry_job_v1(
    job_id bigint,
    retry_at timestamp with time zone,
    new_priority integer,
    new_queue_name character varying,
    new_lock character varying
)
    RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS j WHERE j.id = job_id AND j.status = 'doing') THEN
        RAISE 'Job was not found or not in "doing" status (job id: %)', job_id;
    END IF;
    PERFORM procrastinate_retry_job_v2(job_id, retry_at, new_priority, new_queue_name, new_lock);
END;
$$;

-- Workers -------------------------------------------------------------------------------------------------------

CREATE FUNCTION procrastinate_register_worker_v1()
    RETURNS TABLE (worker_id bigint)
    LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY
        INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now())
        RETURNING procrastinate_workers.id;
END;
$$;

CREATE FUNCTION procrastinate_unregister_worker_v1(worker_id bigint)
    RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM procrastinate_workers AS w WHERE w.id = worker_id;
END;
$$;

CREATE FUNCTION procrastinate_update_heartbeat_v1(worker_id bigint)
    RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE procrastinate_workers AS w SET last_heartbeat = now() WHERE w.id = worker_id;
END;
$$;

CREATE FUNCTION procrastinate_prune_stalled_workers_v1(seconds_since_heartbeat float)
    RETURNS TABLE (worker_id bigint)
    LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY
        DELETE FROM procrastinate_workers AS w
        WHERE w.last_heartbeat < now() - make_interval(secs => seconds_since_heartbeat)
        RETURNING w.id;
END;
$$;

-- Trigger functions ---------------------------------------------------------------------------------------------

CREATE FUNCTION procrastinate_notify_queue_job_inserted_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    payload text := jsonb_build_object('type', 'job_inserted', 'job_id', NEW.id)::text;
BEGIN
    PERFORM pg_notify('procrastinate_queue_v1#' || NEW.queue_name, payload);
    PERFORM pg_notify('procrastinate_any_queue_v1', payload);
    RETURN NEW;
END;
$$;

CREATE FUNCTION procrastinate_notify_queue_abort_job_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    payload text := jsonb_build_object('type', 'abort_job_requested', 'job_id', NEW.id)::text;
BEGIN
    PERFORM pg_notify('procrastinate_queue_v1#' || NEW.queue_name, payload);
    PERFORM pg_notify('procrastinate_any_queue_v1', payload);
    RETURN NEW;
END;
$$;

CREATE FUNCTION procrastinate_trigger_function_status_events_insert_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO procrastinate_events (job_id, type) VALUES (NEW.id, 'deferred');
    RETURN NEW;
END;
$$;

CREATE FUNCTION procrastinate_trigger_function_status_events_update_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    event procrastinate_job_event_type := CASE
        WHEN OLD.status = 'todo' AND NEW.status = 'doing' THEN 'started'
        WHEN OLD.status = 'doing' AND NEW.status = 'todo' THEN 'deferred_for_retry'
        WHEN OLD.status = 'doing' AND NEW.status = 'failed' THEN 'failed'
        WHEN OLD.status = 'doing' AND NEW.status = 'succeeded' THEN 'succeeded'
        WHEN OLD.status = 'todo' AND NEW.status IN ('cancelled', 'failed', 'succeeded') THEN 'cancelled'
        WHEN OLD.status = 'doing' AND NEW.status = 'aborted' THEN 'aborted'
        WHEN OLD.status = 'failed' AND NEW.status = 'todo' THEN 'retried'
    END;
BEGIN
    IF event IS NOT NULL THEN
        INSERT INTO procrastinate_events (job_id, type) VALUES (NEW.id, event);
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION procrastinate_trigger_function_scheduled_events_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO procrastinate_events (job_id, type, at) VALUES (NEW.id, 'scheduled', NEW.scheduled_at);
    RETURN NEW;
END;
$$;

CREATE FUNCTION procrastinate_trigger_abort_requested_events_procedure_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO procrastinate_events (job_id, type) VALUES (NEW.id, 'abort_requested');
    RETURN NEW;
END;
$$;

CREATE FUNCTION procrastinate_unlink_periodic_defers_v1()
    RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE procrastinate_periodic_defers SET job_id = NULL WHERE job_id = OLD.id;
    RETURN OLD;
END;
$$;

-- Triggers ------------------------------------------------------------------------------------------------------

CREATE TRIGGER procrastinate_jobs_notify_queue_job_inserted_v1
    AFTER INSERT ON procrastinate_jobs
    FOR EACH ROW WHEN (NEW.status = 'todo')
    EXECUTE PROCEDURE procrastinate_notify_queue_job_inserted_v1();

CREATE TRIGGER procrastinate_jobs_notify_queue_job_aborted_v1
    AFTER UPDATE OF abort_requested ON procrastinate_jobs
    FOR EACH ROW WHEN (OLD.abort_requested = false AND NEW.abort_requested = true AND NEW.status = 'doing')
    EXECUTE PROCEDURE procrastinate_notify_queue_abort_job_v1();

CREATE TRIGGER procrastinate_trigger_status_events_update_v1
    AFTER UPDATE OF status ON procrastinate_jobs
    FOR EACH ROW
    EXECUTE PROCEDURE procrastinate_trigger_function_status_events_update_v1();

CREATE TRIGGER procrastinate_trigger_status_events_insert_v1
    AFTER INSERT ON procrastinate_jobs
    FOR EACH ROW WHEN (NEW.status = 'todo')
    EXECUTE PROCEDURE procrastinate_trigger_function_status_events_insert_v1();

CREATE TRIGGER procrastinate_trigger_scheduled_events_v1
    AFTER UPDATE OR INSERT ON procrastinate_jobs
    FOR EACH ROW WHEN (NEW.scheduled_at IS NOT NULL AND NEW.status = 'todo')
    EXECUTE PROCEDURE procrastinate_trigger_function_scheduled_events_v1();

CREATE TRIGGER procrastinate_trigger_abort_requested_events_v1
    AFTER UPDATE OF abort_requested ON procrastinate_jobs
    FOR EACH ROW WHEN (NEW.abort_requested = true)
    EXECUTE PROCEDURE procrastinate_trigger_abort_requested_events_procedure_v1();

CREATE TRIGGER procrastinate_trigger_delete_jobs_v1
    BEFORE DELETE ON procrastinate_jobs
    FOR EACH ROW
    EXECUTE PROCEDURE procrastinate_unlink_periodic_defers_v1();
