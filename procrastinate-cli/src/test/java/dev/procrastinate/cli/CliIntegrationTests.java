package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CliIntegrationTests {

    private TestDatabase database;
    private Map<String, String> env;

    @BeforeEach
    void setUp(TestDatabase testDatabase) {
        database = testDatabase;
        env = Map.of("PROCRASTINATE_DATABASE_URL", database.postgresUrl());
    }

    private Cli.Result applied() throws Exception {
        Cli.Result result = Cli.run(env, "schema", "--apply");
        assertThat(result.exit()).as(result.err()).isZero();
        return result;
    }

    private static String oneLine(Cli.Result result) {
        assertThat(result.err().strip().lines()).as("stderr: %s", result.err()).hasSize(1);
        return result.err().strip();
    }

    @Test
    void schemaApplyThenApplyAgainFailsWithOneClearLine() throws Exception {
        assertThat(applied().out()).contains("Schema applied.");

        Cli.Result again = Cli.run(env, "schema", "--apply");

        assertThat(again.exit()).isEqualTo(1);
        assertThat(oneLine(again)).contains("already applied");
    }

    @Test
    void schemaReadPrintsTheSqlAndMigrationsPathNamesTheResource() throws Exception {
        assertThat(Cli.run(env, "schema", "--read").out()).contains("CREATE FUNCTION procrastinate_fetch_job_v2");
        assertThat(Cli.run(env, "schema", "--migrations-path").out().strip())
                .isEqualTo("classpath:/dev/procrastinate/core/schema/schema.sql");
    }

    @Test
    void deferUnknownTaskByNamePrintsTheJobId() throws Exception {
        applied();

        Cli.Result result = Cli.run(env, "defer", "--unknown", "--queue", "mail", "--priority", "3", "remote.task",
                "{\"a\": 1}");

        assertThat(result.exit()).as(result.err()).isZero();
        long id = Long.parseLong(result.out().strip());
        assertThat(database.queryForLong("SELECT priority FROM procrastinate_jobs WHERE id = " + id + " AND "
                + "queue_name = 'mail' AND args = '{\"a\": 1}'")).isEqualTo(3);
    }

    @Test
    void malformedJsonFailsWithOneLine() throws Exception {
        applied();

        Cli.Result result = Cli.run(env, "defer", "--unknown", "t", "{not json");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).contains("malformed JSON");
    }

    @Test
    void taskNotRegisteredInTheAppWithoutUnknownFailsListingTheTasks() throws Exception {
        applied();

        Cli.Result result = Cli.run(env, "--app", TestAppProvider.class.getName(), "defer", "nope", "{}");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).contains("task 'nope' not found; registered: [").contains("cli.hello");
    }

    @Test
    void naiveTimestampIsRefused() throws Exception {
        applied();

        Cli.Result result = Cli.run(env, "defer", "--unknown", "--at", "2030-01-01T10:00:00", "t");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).contains("no time zone");
    }

    @Test
    void missingSchemaSaysHowToApplyIt() throws Exception {
        Cli.Result result = Cli.run(env, "defer", "--unknown", "t");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).contains("schema --apply");
    }

    @Test
    void unreachableDatabaseSaysSoInOneLine() throws Exception {
        Cli.Result result = Cli.run(Map.of("PROCRASTINATE_DATABASE_URL", "postgresql://u:secret@127.0.0.1:9/x"),
                "healthchecks");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).startsWith("procrastinate: error: cannot reach the database at "
                + "postgresql://u:***@127.0.0.1:9/x");
    }

    @Test
    void healthchecksReportConnectionSchemaAndCounts() throws Exception {
        applied();

        Cli.Result result = Cli.run(env, "healthchecks");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Database connection: OK", "Schema: OK", "Jobs: todo=0");
    }

    @Test
    void shellCommandsListWithUpstreamFiltersCancelAndRetry() throws Exception {
        applied();
        long first = Long.parseLong(Cli.run(env, "defer", "--unknown", "--lock", "L", "a.task").out().strip());
        Cli.run(env, "defer", "--unknown", "--queue", "other", "b.task");
        database.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE task_name = 'b.task'");

        assertThat(Cli.run(env, "shell", "list_jobs").out())
                .contains("#" + first + " a.task on default - [todo]", "b.task on other - [failed]");
        assertThat(Cli.run(env, "shell", "list_queues").out())
                .contains("default: 1 jobs (todo: 1, doing: 0", "other: 1 jobs (todo: 0, doing: 0, succeeded: 0, "
                        + "failed: 1");
        assertThat(Cli.run(env, "shell", "list_tasks", "--task", "a.task").out()).contains("a.task: 1 jobs");
        assertThat(Cli.run(env, "shell", "list_locks").out()).contains("L: 1 jobs");
        assertThat(Cli.run(env, "shell", "list_queues", "--status", "failed").out())
                .contains("other: 1 jobs").doesNotContain("default:");
        assertThat(Cli.run(env, "shell", "list_tasks", "--queue", "other").out())
                .contains("b.task: 1 jobs").doesNotContain("a.task");
        assertThat(Cli.run(env, "shell", "list_locks", "--task", "b.task").out()).doesNotContain("L: 1 jobs");
        assertThat(Cli.run(env, "shell", "cancel", Long.toString(first)).out())
                .contains("#" + first + " a.task on default - [cancelled]");
        long failed = database.queryForLong("SELECT id FROM procrastinate_jobs WHERE task_name = 'b.task'");
        assertThat(Cli.run(env, "shell", "retry", Long.toString(failed)).out()).contains("b.task on other - [todo]");
    }

    @Test
    void interactiveShellReadsCommandsUntilExit() throws Exception {
        applied();
        Cli.run(env, "defer", "--unknown", "a.task");

        Cli.Result result = Cli.runWithInput(env, "list_jobs --task a.task\nlist_queues\nexit\n", "shell");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("procrastinate> ", "a.task on default - [todo]", "default: 1 jobs");
    }

    @Test
    void oneShotWorkerWithTheUsersAppRunsTheDeferredJob() throws Exception {
        applied();
        String app = TestAppProvider.class.getName();
        long id = Long.parseLong(Cli.run(env, "--app", app, "defer", "cli.hello", "{\"name\": \"Ada\"}").out()
                .strip());

        Cli.Result result = Cli.run(env, "--app", app, "worker", "--one-shot", "--concurrency", "2");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("hello Ada");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + id
                + " AND status = 'succeeded'")).isEqualTo(1);
    }

    @Test
    void aWorkerStartedFromTheCommandLineUsesTheAppsWorkerDefaultsUnlessAFlagSetsTheOption() throws Exception {
        applied();
        String app = WorkerDefaultsAppProvider.class.getName();
        long other = Long.parseLong(Cli.run(env, "--app", app, "defer", "--queue", "other", "cli.where").out()
                .strip());
        Cli.run(env, "--app", app, "defer", "--queue", "from-app", "cli.where");

        Cli.Result defaults = Cli.run(env, "--app", app, "worker", "--one-shot");

        assertThat(defaults.exit()).as(defaults.err()).isZero();
        assertThat(defaults.out()).contains("ran on from-app by app-worker").doesNotContain("ran on other");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + other
                + " AND status = 'todo'")).isEqualTo(1);

        Cli.Result overridden = Cli.run(env, "--app", app, "worker", "--one-shot", "--queues", "other");

        assertThat(overridden.exit()).as(overridden.err()).isZero();
        assertThat(overridden.out()).contains("ran on other by app-worker");
    }

    @Test
    void jsonLogFormatPrintsOneJsonObjectPerLine() throws Exception {
        applied();
        String app = TestAppProvider.class.getName();
        Cli.run(env, "--app", app, "defer", "cli.hello", "{\"name\": \"Bo\"}");

        Cli.Result result = Cli.run(env, "--app", app, "--log-format", "json", "worker", "--one-shot");

        assertThat(result.err().strip().lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"))
                .anySatisfy(line -> assertThat(line).contains("\"action\":\"job_success\""));
    }

    @Test
    void sigtermDuringARunningJobLetsItFinishAndExitsZero() throws Exception {
        applied();
        String app = TestAppProvider.class.getName();
        long id = Long.parseLong(Cli.run(env, "--app", app, "defer", "cli.slow").out().strip());
        Cli.Running worker = Cli.start(env, "--app", app, "worker");
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.outSoFar().contains("started " + id));

        worker.process().destroy();

        Cli.Result result = worker.finish(30);
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("finished " + id);
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + id
                + " AND status = 'succeeded'")).isEqualTo(1);
    }

    @Test
    void workerOptionsComeFromEnvironmentVariables() throws Exception {
        applied();
        Map<String, String> withQueues = new java.util.HashMap<>(env);
        withQueues.put("PROCRASTINATE_WORKER_QUEUES", "mail");
        withQueues.put("PROCRASTINATE_WORKER_WAIT", "false");
        String app = TestAppProvider.class.getName();
        Cli.run(env, "--app", app, "defer", "--queue", "mail", "cli.hello", "{\"name\": \"mail\"}");
        Cli.run(env, "--app", app, "defer", "--queue", "other", "cli.hello", "{\"name\": \"other\"}");

        Cli.Result result = Cli.run(withQueues, "--app", app, "worker");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("hello mail").doesNotContain("hello other");
    }

    @Test
    void unknownFlagIsAUsageErrorWithExitTwo() throws Exception {
        Cli.Result result = Cli.run(env, "worker", "--no-such-flag");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: unknown option: '--no-such-flag' (see "
                + "'procrastinate worker --help')");
    }
}
