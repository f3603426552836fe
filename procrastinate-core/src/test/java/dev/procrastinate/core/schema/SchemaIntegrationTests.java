package dev.procrastinate.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.Row;
import dev.procrastinate.api.SchemaException;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SchemaIntegrationTests {

    private App app;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = TestApps.withSchema(database);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private List<String> names(String sql) {
        return app.connector().query(sql).stream().map(row -> row.getString("name")).toList();
    }

    @Test
    void enumsHaveUpstreamsLabelsInOrder() {
        assertThat(names("SELECT enumlabel AS name FROM pg_enum WHERE enumtypid = "
                + "'procrastinate_job_status'::regtype ORDER BY enumsortorder"))
                .containsExactly("todo", "doing", "succeeded", "failed", "cancelled", "aborting", "aborted");
        assertThat(names("SELECT enumlabel AS name FROM pg_enum WHERE enumtypid = "
                + "'procrastinate_job_event_type'::regtype ORDER BY enumsortorder"))
                .containsExactly("deferred", "started", "deferred_for_retry", "failed", "succeeded", "cancelled",
                        "abort_requested", "aborted", "scheduled", "retried");
    }

    @Test
    void compositeTypeToDeferHasItsFieldsAndTypes() {
        assertThat(names("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS name "
                + "FROM pg_attribute a WHERE a.attrelid = 'procrastinate_job_to_defer_v1'::regclass "
                + "AND a.attnum > 0 ORDER BY a.attnum"))
                .containsExactly("queue_name character varying", "task_name character varying", "priority integer",
                        "lock text", "queueing_lock text", "args jsonb", "scheduled_at timestamp with time zone");
    }

    @Test
    void tablesHaveTheirColumnsTypesAndDefaults() {
        assertThat(names("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
                + "|| CASE WHEN a.attnotnull THEN ' not null' ELSE '' END AS name "
                + "FROM pg_attribute a WHERE a.attrelid = 'procrastinate_jobs'::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped ORDER BY a.attnum"))
                .containsExactly("id bigint not null", "queue_name character varying(128) not null",
                        "task_name character varying(128) not null", "priority integer not null", "lock text",
                        "queueing_lock text", "args jsonb not null", "status procrastinate_job_status not null",
                        "scheduled_at timestamp with time zone", "attempts integer not null",
                        "abort_requested boolean not null", "worker_id bigint");
        assertThat(names("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS name "
                + "FROM pg_attribute a WHERE a.attrelid = 'procrastinate_workers'::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped ORDER BY a.attnum"))
                .containsExactly("id bigint", "last_heartbeat timestamp with time zone");
        assertThat(names("SELECT attname AS name FROM pg_attribute WHERE attrelid = "
                + "'procrastinate_workers'::regclass AND attidentity = 'a'")).containsExactly("id");
        assertThat(names("SELECT a.attname AS name FROM pg_attribute a WHERE a.attrelid = "
                + "'procrastinate_periodic_defers'::regclass AND a.attnum > 0 ORDER BY a.attnum"))
                .containsExactly("id", "task_name", "defer_timestamp", "job_id", "periodic_id");
        assertThat(names("SELECT a.attname AS name FROM pg_attribute a WHERE a.attrelid = "
                + "'procrastinate_events'::regclass AND a.attnum > 0 ORDER BY a.attnum"))
                .containsExactly("id", "job_id", "type", "at");
    }

    @Test
    void constraintsAreNamedAsUpstream() {
        assertThat(names("SELECT conname AS name FROM pg_constraint WHERE conrelid::regclass::text LIKE "
                + "'procrastinate%' AND contype IN ('c', 'u')"))
                .contains("check_not_todo_abort_requested", "procrastinate_periodic_defers_unique");
        assertThat(names("SELECT pg_get_constraintdef(oid) AS name FROM pg_constraint WHERE conrelid = "
                + "'procrastinate_jobs'::regclass AND contype = 'f'"))
                .containsExactly("FOREIGN KEY (worker_id) REFERENCES procrastinate_workers(id) ON DELETE SET NULL");
    }

    @Test
    void everyIndexExistsWithItsName() {
        assertThat(names("SELECT indexname AS name FROM pg_indexes WHERE tablename LIKE 'procrastinate%'"))
                .contains("procrastinate_jobs_queueing_lock_idx_v1", "procrastinate_jobs_lock_idx_v1",
                        "procrastinate_jobs_priority_idx_v1", "procrastinate_jobs_id_lock_idx_v1",
                        "procrastinate_jobs_queue_name_idx_v1", "idx_procrastinate_jobs_worker_not_null",
                        "procrastinate_events_job_id_fkey_v1", "procrastinate_periodic_defers_job_id_fkey_v1",
                        "idx_procrastinate_workers_last_heartbeat");
        Row queueingLock = app.connector().query("SELECT indexdef FROM pg_indexes WHERE indexname = "
                + "'procrastinate_jobs_queueing_lock_idx_v1'").get(0);
        assertThat(queueingLock.getString("indexdef")).contains("UNIQUE").contains("(queueing_lock)")
                .contains("'todo'");
    }

    @Test
    void everyFunctionExistsWithUpstreamsSignature() {
        assertThat(names("SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') -> ' "
                + "|| pg_get_function_result(p.oid) AS name FROM pg_proc p WHERE p.proname LIKE 'procrastinate%' "
                + "AND p.proname NOT LIKE 'procrastinate4j%' AND p.prorettype <> 'trigger'::regtype"))
                .containsExactlyInAnyOrder(
                        "procrastinate_defer_jobs_v1(jobs procrastinate_job_to_defer_v1[]) -> bigint[]",
                        "procrastinate_defer_periodic_job_v2(_queue_name character varying, _lock character varying, "
                                + "_queueing_lock character varying, _task_name character varying, _priority "
                                + "integer, _periodic_id character varying, _defer_timestamp bigint, _args jsonb) "
                                + "-> bigint",
                        "procrastinate_fetch_job_v2(target_queue_names character varying[], p_worker_id bigint) "
                                + "-> procrastinate_jobs",
                        "procrastinate_finish_job_v1(job_id bigint, end_status procrastinate_job_status, "
                                + "delete_job boolean) -> void",
                        "procrastinate_cancel_job_v1(job_id bigint, abort boolean, delete_job boolean) -> bigint",
                        "procrastinate_retry_job_v1(job_id bigint, retry_at timestamp with time zone, new_priority "
                                + "integer, new_queue_name character varying, new_lock character varying) -> void",
                        "procrastinate_retry_job_v2(job_id bigint, retry_at timestamp with time zone, new_priority "
                                + "integer, new_queue_name character varying, new_lock character varying) -> void",
                        "procrastinate_register_worker_v1() -> TABLE(worker_id bigint)",
                        "procrastinate_unregister_worker_v1(worker_id bigint) -> void",
                        "procrastinate_update_heartbeat_v1(worker_id bigint) -> void",
                        "procrastinate_prune_stalled_workers_v1(seconds_since_heartbeat double precision) "
                                + "-> TABLE(worker_id bigint)");
    }

    /** Every trigger on the jobs table as PostgreSQL prints it back, schema prefix removed. */
    private List<String> triggerDefinitions() {
        return names("SELECT replace(pg_get_triggerdef(oid), ' ON ' || current_schema() || '.', ' ON ') AS name "
                + "FROM pg_trigger WHERE tgrelid = 'procrastinate_jobs'::regclass AND NOT tgisinternal ORDER BY tgname");
    }

    /** Upstream 3.9's triggers, compared with a database created by Python procrastinate, to the letter. */
    private static final List<String> UPSTREAM_TRIGGERS = List.of(
            "CREATE TRIGGER procrastinate_jobs_notify_queue_job_aborted_v1 AFTER UPDATE OF abort_requested ON "
                    + "procrastinate_jobs FOR EACH ROW WHEN (((old.abort_requested = false) AND "
                    + "(new.abort_requested = true) AND (new.status = 'doing'::procrastinate_job_status))) "
                    + "EXECUTE FUNCTION procrastinate_notify_queue_abort_job_v1()",
            "CREATE TRIGGER procrastinate_jobs_notify_queue_job_inserted_v1 AFTER INSERT ON procrastinate_jobs "
                    + "FOR EACH ROW WHEN ((new.status = 'todo'::procrastinate_job_status)) "
                    + "EXECUTE FUNCTION procrastinate_notify_queue_job_inserted_v1()",
            "CREATE TRIGGER procrastinate_trigger_abort_requested_events_v1 AFTER UPDATE OF abort_requested ON "
                    + "procrastinate_jobs FOR EACH ROW WHEN ((new.abort_requested = true)) "
                    + "EXECUTE FUNCTION procrastinate_trigger_abort_requested_events_procedure_v1()",
            "CREATE TRIGGER procrastinate_trigger_delete_jobs_v1 BEFORE DELETE ON procrastinate_jobs FOR EACH ROW "
                    + "EXECUTE FUNCTION procrastinate_unlink_periodic_defers_v1()",
            "CREATE TRIGGER procrastinate_trigger_scheduled_events_v1 AFTER INSERT OR UPDATE ON procrastinate_jobs "
                    + "FOR EACH ROW WHEN (((new.scheduled_at IS NOT NULL) AND "
                    + "(new.status = 'todo'::procrastinate_job_status))) "
                    + "EXECUTE FUNCTION procrastinate_trigger_function_scheduled_events_v1()",
            "CREATE TRIGGER procrastinate_trigger_status_events_insert_v1 AFTER INSERT ON procrastinate_jobs "
                    + "FOR EACH ROW WHEN ((new.status = 'todo'::procrastinate_job_status)) "
                    + "EXECUTE FUNCTION procrastinate_trigger_function_status_events_insert_v1()",
            "CREATE TRIGGER procrastinate_trigger_status_events_update_v1 AFTER UPDATE OF status ON "
                    + "procrastinate_jobs FOR EACH ROW "
                    + "EXECUTE FUNCTION procrastinate_trigger_function_status_events_update_v1()");

    @Test
    void everyTriggerOnTheJobsTableIsUpstreamsToTheLetter() {
        assertThat(triggerDefinitions()).containsExactlyElementsOf(UPSTREAM_TRIGGERS);
    }

    @Test
    void aDatabaseOfAnEarlierVersionGetsUpstreamsTriggersFromTheSchemaSteps(TestDatabase database) {
        database.execute("ALTER TRIGGER procrastinate_trigger_delete_jobs_v1 ON procrastinate_jobs "
                + "RENAME TO procrastinate_trigger_delete_jobs");
        database.execute("DROP TRIGGER procrastinate_trigger_abort_requested_events_v1 ON procrastinate_jobs");
        database.execute("CREATE TRIGGER procrastinate_trigger_abort_requested_events_v1 AFTER UPDATE OF "
                + "abort_requested ON procrastinate_jobs FOR EACH ROW WHEN (OLD.abort_requested = false AND "
                + "NEW.abort_requested = true) EXECUTE PROCEDURE procrastinate_trigger_abort_requested_events_procedure_v1()");
        database.execute("DELETE FROM procrastinate4j_schema_steps WHERE version >= 2");
        assertThat(triggerDefinitions()).isNotEqualTo(UPSTREAM_TRIGGERS);

        assertThat(app.schema().applyExtensions()).isEqualTo(SchemaManager.EXTENSION_STEPS.size() - 1);

        assertThat(triggerDefinitions()).containsExactlyElementsOf(UPSTREAM_TRIGGERS);
        assertThat(app.schema().applyExtensions()).as("applied once").isZero();
    }

    @Test
    void procrastinate4jStepsAreAppliedWithTheSchemaAndRemovedByTheirDropScript() {
        assertThat(app.schema().extensionsApplied()).isTrue();
        assertThat(names("SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'procrastinate4j%' "
                + "ORDER BY 1")).containsExactly("procrastinate4j_job_failures", "procrastinate4j_job_keys",
                        "procrastinate4j_job_recoveries", "procrastinate4j_key_rounds",
                        "procrastinate4j_queue_controls", "procrastinate4j_queue_starts", "procrastinate4j_schema_steps");

        app.schema().dropExtensions();

        assertThat(names("SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'procrastinate4j%'")).isEmpty();
        assertThat(names("SELECT proname AS name FROM pg_proc WHERE proname LIKE 'procrastinate4j%'")).isEmpty();
        assertThat(names("SELECT indexname AS name FROM pg_indexes WHERE indexname LIKE 'procrastinate4j%'"))
                .isEmpty();
        assertThat(app.schema().isApplied()).as("upstream's objects stay").isTrue();
        assertThat(triggerDefinitions()).containsExactlyElementsOf(UPSTREAM_TRIGGERS);
    }

    @Test
    void applyingTheSchemaTwiceFailsClearlyAndChangesNothing() {
        long jobs = app.connector().query("SELECT count(*) AS n FROM pg_proc WHERE proname LIKE 'procrastinate%'")
                .get(0).getLong("n");

        assertThatThrownBy(() -> app.schema().apply())
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("already applied");
        assertThat(app.schema().applyIfMissing()).isFalse();
        assertThat(app.connector().query("SELECT count(*) AS n FROM pg_proc WHERE proname LIKE 'procrastinate%'")
                .get(0).getLong("n")).isEqualTo(jobs);
    }

    @Test
    void usingAMissingSchemaSaysHowToApplyIt(TestDatabase database) {
        database.execute("DROP TABLE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
                + "procrastinate_workers CASCADE");

        assertThatThrownBy(() -> app.workerStore().fetchJob(List.of(), 1L))
                .isInstanceOf(SchemaException.class).hasMessageContaining("schema --apply");
        assertThatThrownBy(() -> app.schema().check()).isInstanceOf(SchemaException.class);
    }
}
