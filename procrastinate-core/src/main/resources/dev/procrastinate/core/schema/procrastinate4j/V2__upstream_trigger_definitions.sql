-- Step 2 repairs two of upstream's triggers in databases created by procrastinate-java before it matched upstream's
-- catalog to the letter: the delete trigger was named procrastinate_trigger_delete_jobs (upstream:
-- procrastinate_trigger_delete_jobs_v1), and the abort_requested event trigger fired only when the flag turned
-- from false to true (upstream: whenever it is set true). Upstream's future migrations name these objects, so they
-- must be upstream's. A database created by Python procrastinate, or by this version, is left as it is.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger
               WHERE tgrelid = 'procrastinate_jobs'::regclass AND tgname = 'procrastinate_trigger_delete_jobs')
       AND NOT EXISTS (SELECT 1 FROM pg_trigger
               WHERE tgrelid = 'procrastinate_jobs'::regclass AND tgname = 'procrastinate_trigger_delete_jobs_v1') THEN
        ALTER TRIGGER procrastinate_trigger_delete_jobs ON procrastinate_jobs
            RENAME TO procrastinate_trigger_delete_jobs_v1;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_trigger
               WHERE tgrelid = 'procrastinate_jobs'::regclass
                 AND tgname = 'procrastinate_trigger_abort_requested_events_v1'
                 AND pg_get_triggerdef(oid) LIKE '%old.abort_requested = false%') THEN
        DROP TRIGGER procrastinate_trigger_abort_requested_events_v1 ON procrastinate_jobs;
        CREATE TRIGGER procrastinate_trigger_abort_requested_events_v1
            AFTER UPDATE OF abort_requested ON procrastinate_jobs
            FOR EACH ROW WHEN (NEW.abort_requested = true)
            EXECUTE PROCEDURE procrastinate_trigger_abort_requested_events_procedure_v1();
    END IF;
END $$;
