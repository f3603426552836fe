-- Removes every procrastinate-java object (prefix procrastinate4j_); upstream's objects are left untouched.
DROP FUNCTION IF EXISTS procrastinate4j_fetch_limited(varchar[], bigint, integer);
DROP FUNCTION IF EXISTS procrastinate4j_lock_is_free(bigint, text, integer);
DROP INDEX IF EXISTS procrastinate4j_jobs_lock_todo_doing_idx;
DROP INDEX IF EXISTS procrastinate4j_jobs_queue_todo_idx;
DROP INDEX IF EXISTS procrastinate4j_jobs_returned_idx;
DROP TABLE IF EXISTS procrastinate4j_queue_starts;
DROP TABLE IF EXISTS procrastinate4j_key_rounds;
DROP TABLE IF EXISTS procrastinate4j_job_keys;
DROP TABLE IF EXISTS procrastinate4j_queue_controls;
DROP TABLE IF EXISTS procrastinate4j_job_failures;
DROP TABLE IF EXISTS procrastinate4j_job_recoveries;
DROP TABLE IF EXISTS procrastinate4j_schema_steps;
