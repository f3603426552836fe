-- Removes every procrastinate-java object (prefix procrastinate4j_); upstream's objects are left untouched.
DROP TABLE IF EXISTS procrastinate4j_job_failures;
DROP TABLE IF EXISTS procrastinate4j_job_recoveries;
DROP TABLE IF EXISTS procrastinate4j_schema_steps;
