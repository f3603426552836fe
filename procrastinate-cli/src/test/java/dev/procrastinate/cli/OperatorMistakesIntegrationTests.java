package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the mistakes an operator can make on the command line, each run as the real command (the packaged jar in
 * a subprocess): the exit code, one line on stderr, and the database as it must be after it.
 */
@ExtendWith(PostgresExtension.class)
class OperatorMistakesIntegrationTests {

    private static final String APP = TestAppProvider.class.getName();

    private TestDatabase database;
    private Map<String, String> env;

    @BeforeEach
    void setUp(TestDatabase testDatabase) throws Exception {
        database = testDatabase;
        env = Map.of("PROCRASTINATE_DATABASE_URL", database.postgresUrl());
        Cli.Result applied = Cli.run(env, "schema", "--apply");
        assertThat(applied.exit()).as(applied.err()).isZero();
    }

    static String oneLine(Cli.Result result) {
        assertThat(result.err().strip().lines()).as("stderr: %s", result.err()).hasSize(1);
        return result.err().strip();
    }

    private long defer(String... args) throws Exception {
        Cli.Result result = Cli.run(env, args);
        assertThat(result.exit()).as(result.err()).isZero();
        return Long.parseLong(result.out().strip());
    }

    private String jobs() {
        StringBuilder all = new StringBuilder();
        long count = database.queryForLong("SELECT count(*) FROM procrastinate_jobs");
        all.append(count).append(" jobs;");
        for (String status : List.of("todo", "doing", "succeeded", "failed", "cancelled", "aborted")) {
            all.append(' ').append(status).append('=').append(database.queryForLong(
                    "SELECT count(*) FROM procrastinate_jobs WHERE status = '" + status + "'"));
        }
        all.append(" attempts=").append(database.queryForLong(
                "SELECT coalesce(sum(attempts), 0) FROM procrastinate_jobs"));
        all.append(" events=").append(database.queryForLong("SELECT count(*) FROM procrastinate_events"));
        return all.toString();
    }

    // worker --one-shot with a database URL but no --app

    @Test
    void workerWithoutAppRefusesToStartAndLeavesEveryJobWaiting() throws Exception {
        defer("defer", "--unknown", "a.task");
        defer("defer", "--unknown", "--queue", "other", "b.task");
        String before = jobs();

        Cli.Result result = Cli.run(env, "worker", "--one-shot");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: worker needs your tasks: give --app CLASS (or "
                + "PROCRASTINATE_APP), with --classpath PATH to your jar; nothing was run");
        assertThat(jobs()).isEqualTo(before).contains("todo=2");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_workers")).isZero();
    }

    // the app on the class path: --classpath, PROCRASTINATE_CLASSPATH, bin/procrastinate

    private static final String GREETER = """
            package com.example;

            import dev.procrastinate.cli.AppProvider;
            import dev.procrastinate.core.App;

            public class GreeterApp implements AppProvider {
                @Override
                public App app() {
                    throw new IllegalStateException("this app needs --database-url");
                }

                @Override
                public App app(String databaseUrl) {
                    App app = App.fromUrl(databaseUrl);
                    app.task("greet", ctx -> System.out.println("greetings " + ctx.arg("name", String.class)));
                    return app;
                }
            }
            """;

    private Path greeterJar(Path dir) throws Exception {
        Path classes = AppJar.compile(dir, Cli.JAR.toString(), Map.of("GreeterApp.java", GREETER));
        return AppJar.jar(classes, dir.resolve("greeter.jar"));
    }

    @Test
    void classpathOptionPutsTheUsersJarOnTheClassPathOfTheApp(@TempDir Path dir) throws Exception {
        Path jar = greeterJar(dir);
        Cli.Result notFound = Cli.run(env, "--app", "com.example.GreeterApp", "defer", "greet");
        assertThat(notFound.exit()).isEqualTo(1);
        assertThat(oneLine(notFound)).isEqualTo("procrastinate: error: --app: class com.example.GreeterApp not "
                + "found; put its jar or class folder on --classpath (or PROCRASTINATE_CLASSPATH)");

        long id = defer("--classpath", jar.toString(), "--app", "com.example.GreeterApp", "defer", "greet",
                "{\"name\": \"Ada\"}");
        Cli.Result worker = Cli.run(env, "--classpath", jar.toString(), "--app", "com.example.GreeterApp", "worker",
                "--one-shot");

        assertThat(worker.exit()).as(worker.err()).isZero();
        assertThat(worker.out()).contains("greetings Ada");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + id
                + " AND status = 'succeeded'")).isEqualTo(1);
    }

    @Test
    void binScriptHonoursProcrastinateClasspathWithAFolderWildcard(@TempDir Path dir) throws Exception {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Files.move(greeterJar(dir), libs.resolve("greeter.jar"));
        Map<String, String> scriptEnv = new HashMap<>(env);
        scriptEnv.put("PROCRASTINATE_CLASSPATH", libs + "/*");
        scriptEnv.put("PROCRASTINATE_APP", "com.example.GreeterApp");
        long id = Long.parseLong(Cli.runScript(scriptEnv, "defer", "greet", "{\"name\": \"Bo\"}").out().strip());

        Cli.Result worker = Cli.runScript(scriptEnv, "worker", "--one-shot");

        assertThat(worker.exit()).as(worker.err()).isZero();
        assertThat(worker.out()).contains("greetings Bo");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + id
                + " AND status = 'succeeded'")).isEqualTo(1);
    }

    @Test
    void classPathInJavaOptionsIsRefusedByTheScriptNamingTheWayThatWorks() throws Exception {
        Map<String, String> scriptEnv = new HashMap<>(env);
        scriptEnv.put("PROCRASTINATE_JAVA_OPTS", "-Xmx256m -cp my-app.jar");

        Cli.Result result = Cli.runScript(scriptEnv, "--app", "com.example.MyApp", "worker");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(oneLine(result)).contains("-cp, which java -jar ignores", "PROCRASTINATE_CLASSPATH");
    }

    @Test
    void aClasspathEntryThatDoesNotExistIsRefused() throws Exception {
        defer("defer", "--unknown", "a.task");
        String before = jobs();

        Cli.Result result = Cli.run(env, "--classpath", "no-such.jar", "--app", "com.example.MyApp", "worker");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: --classpath: no-such.jar does not exist (give "
                + "jars or class folders separated by ':')");
        assertThat(jobs()).isEqualTo(before);
    }

    // --database-url together with --app

    @Test
    void databaseUrlIsHandedToTheAppProviderAndWinsOverTheAppsOwnChoice() throws Exception {
        Map<String, String> both = Map.of("TEST_APP_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/elsewhere");
        long id = defer("defer", "--unknown", "cli.hello", "{\"name\": \"Cy\"}");

        Cli.Result worker = Cli.run(both, "--database-url", database.postgresUrl(), "--app", APP, "worker",
                "--one-shot");

        assertThat(worker.exit()).as(worker.err()).isZero();
        assertThat(worker.out()).contains("hello Cy");
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + id
                + " AND status = 'succeeded'")).isEqualTo(1);
    }

    @Test
    void databaseUrlWithAnAppThatCannotTakeItIsRefusedNotIgnored() throws Exception {
        defer("defer", "--unknown", "static.hello");
        String before = jobs();
        Map<String, String> own = Map.of("TEST_APP_DATABASE_URL", database.postgresUrl());

        Cli.Result provider = Cli.run(own, "--database-url", database.postgresUrl(), "--app",
                NoUrlProvider.class.getName(), "worker", "--one-shot");
        Cli.Result staticMethod = Cli.run(own, "--database-url", database.postgresUrl(), "--app",
                StaticMethodApp.class.getName(), "worker", "--one-shot");

        assertThat(provider.exit()).isEqualTo(1);
        assertThat(oneLine(provider)).contains("--database-url (or PROCRASTINATE_DATABASE_URL) is given, but "
                + NoUrlProvider.class.getName() + " does not take a database URL: implement AppProvider.app(String "
                + "databaseUrl)");
        assertThat(staticMethod.exit()).isEqualTo(1);
        assertThat(oneLine(staticMethod)).contains(StaticMethodApp.class.getName() + " builds its app in a static "
                + "'app' member that cannot take it");
        assertThat(jobs()).isEqualTo(before);

        Cli.Result withoutUrl = Cli.run(own, "--app", StaticMethodApp.class.getName(), "worker", "--one-shot");
        assertThat(withoutUrl.exit()).as(withoutUrl.err()).isZero();
        assertThat(withoutUrl.out()).contains("static hello");
    }

    // wrong port / missing database / unknown role / unknown host

    /**
     * The same command at -vv: its stack trace shows where the failure was found. The preflight connection answers
     * as soon as the server does; the pool of the app would first wait its 3 s for a connection.
     */
    private void reportedByThePreflightNotThePool(String... args) throws Exception {
        String[] verbose = java.util.stream.Stream.concat(java.util.stream.Stream.of("-vv"),
                java.util.stream.Stream.of(args)).toArray(String[]::new);
        Cli.Result result = Cli.run(Map.of(), verbose);
        assertThat(result.err()).contains("at dev.procrastinate.cli.Preflight.check(")
                .doesNotContain("Connection is not available").doesNotContain("com.zaxxer.hikari");
    }

    @Test
    void aWrongPortMissingDatabaseOrUnknownRoleIsReportedWithTheServersReasonAtOnce() throws Exception {
        String hostPort = database.host() + ":" + database.port();
        String[] port = {"--database-url", "postgresql://u:secret@127.0.0.1:9/x", "healthchecks"};
        String[] missing = {"--database-url", "postgresql://" + database.user() + "@" + hostPort + "/no_such_db",
            "shell", "list_jobs"};
        String[] role = {"--database-url", "postgresql://nobody_here@" + hostPort + "/" + database.name(), "--app",
            APP, "worker", "--one-shot"};

        Cli.Result portResult = Cli.run(Map.of(), port);
        assertThat(portResult.exit()).isEqualTo(1);
        assertThat(oneLine(portResult)).isEqualTo("procrastinate: error: cannot reach the database at "
                + "postgresql://u:***@127.0.0.1:9/x: connection refused");
        reportedByThePreflightNotThePool(port);

        Cli.Result missingResult = Cli.run(Map.of(), missing);
        assertThat(missingResult.exit()).isEqualTo(1);
        assertThat(oneLine(missingResult)).isEqualTo("procrastinate: error: cannot reach the database at "
                + "postgresql://" + database.user() + "@" + hostPort + "/no_such_db: database \"no_such_db\" does not "
                + "exist");
        reportedByThePreflightNotThePool(missing);

        Cli.Result roleResult = Cli.run(Map.of(), role);
        assertThat(roleResult.exit()).isEqualTo(1);
        assertThat(oneLine(roleResult)).endsWith(": role \"nobody_here\" does not exist");
        reportedByThePreflightNotThePool(role);
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_workers")).isZero();
    }

    @Test
    void anUnknownHostIsNamed() throws Exception {
        Cli.Result result = Cli.run(Map.of(), "--database-url", "postgresql://u@no-such-host.invalid/x",
                "schema", "--apply");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: cannot reach the database at "
                + "postgresql://u@no-such-host.invalid/x: unknown host no-such-host.invalid");
    }

    @Test
    void anAppThatBuildsItsOwnConnectionReportsTheServersReasonNotThePoolTimeout() throws Exception {
        String hostPort = database.host() + ":" + database.port();
        Map<String, String> own = Map.of("TEST_APP_DATABASE_URL", "postgresql://" + database.user() + "@"
                + hostPort + "/no_such_db");

        Cli.Result result = Cli.run(own, "--app", APP, "defer", "cli.hello");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: cannot reach the database at the database of "
                + APP + ": database \"no_such_db\" does not exist");
    }

    // trailing JSON, big arguments, @file

    @Test
    void trailingContentAfterTheJsonObjectIsRefusedAndNothingIsDeferred() throws Exception {
        Cli.Result result = Cli.run(env, "defer", "--unknown", "t", "{\"a\":1} trailing");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: malformed JSON arguments: trailing content "
                + "after the JSON value at character 9: 'trailing'; give one JSON object");
        assertThat(jobs()).startsWith("0 jobs");
    }

    @Test
    void fiveMegabyteArgumentsComeFromAFileOrStandardInput(@TempDir Path dir) throws Exception {
        String big = "x".repeat(5 * 1024 * 1024);
        String json = "{\"blob\": \"" + big + "\"}";
        Path file = Files.writeString(dir.resolve("args.json"), json, StandardCharsets.UTF_8);

        long fromFile = defer("defer", "--unknown", "big.task", "--args-file", file.toString());
        Cli.Result stdin = Cli.runWithInput(env, json, "defer", "--unknown", "big.task", "-");

        assertThat(stdin.exit()).as(stdin.err()).isZero();
        long fromStdin = Long.parseLong(stdin.out().strip());
        for (long id : new long[] {fromFile, fromStdin}) {
            assertThat(database.queryForLong("SELECT length(args->>'blob') FROM procrastinate_jobs WHERE id = "
                    + id)).isEqualTo(big.length());
        }
    }

    @Test
    void atFileIsNotExpandedSoItIsRefusedAsJsonInOneShortLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("args.json"), "{\"a\": \"" + "y".repeat(100_000) + "\"}");

        Cli.Result result = Cli.run(env, "defer", "--unknown", "t", "@" + file);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).startsWith("procrastinate: error: malformed JSON arguments:").hasSizeLessThan(300);
        assertThat(jobs()).startsWith("0 jobs");
    }

    @Test
    void argumentsGivenTwiceAreAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("args.json"), "{}");

        Cli.Result result = Cli.run(env, "defer", "--unknown", "t", "{}", "--args-file", file.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: give the arguments as JSON_OBJECT or "
                + "--args-file, not both (see 'procrastinate defer --help')");
        assertThat(jobs()).startsWith("0 jobs");
    }

    // messages that name the flag and the accepted values

    @Test
    void listJobsWithAnUnknownStatusNamesTheAcceptedStatuses() throws Exception {
        Cli.Result result = Cli.run(env, "shell", "list_jobs", "--status", "bogus");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: --status: 'bogus' is not one of todo, doing, "
                + "succeeded, failed, cancelled, aborting, aborted (see 'procrastinate shell list_jobs --help')");
    }

    @Test
    void retryOfAJobThatIsNotFailedSaysWhatItIsAndChangesNothing() throws Exception {
        long id = defer("defer", "--unknown", "a.task");
        String before = jobs();

        Cli.Result waiting = Cli.run(env, "shell", "retry", Long.toString(id));
        Cli.Result missing = Cli.run(env, "shell", "retry", "999999");

        assertThat(waiting.exit()).isEqualTo(1);
        assertThat(oneLine(waiting)).isEqualTo("procrastinate: error: retry: job " + id + " is todo, not failed; "
                + "only a failed job can be retried (list_jobs --status failed lists them)");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(oneLine(missing)).isEqualTo("procrastinate: error: no job with id 999999");
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void cancelOfAJobThatIsNotWaitingSaysWhatItIs() throws Exception {
        long id = defer("defer", "--unknown", "a.task");
        database.execute("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = " + id);
        String before = jobs();

        Cli.Result result = Cli.run(env, "shell", "cancel", Long.toString(id));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("procrastinate: error: cancel: job " + id + " is succeeded, not todo; "
                + "only a waiting job can be cancelled");
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void workerOptionsOutOfRangeNameTheFlagInSecondsAndTouchNothing() throws Exception {
        defer("defer", "--unknown", "cli.hello");
        String before = jobs();

        Cli.Result polling = Cli.run(env, "--app", APP, "worker", "-p", "-1");
        Cli.Result concurrency = Cli.run(env, "--app", APP, "worker", "-c", "0");
        Cli.Result stalled = Cli.run(env, "--app", APP, "worker", "--stalled-worker-timeout", "5");
        Cli.Result notANumber = Cli.run(env, "--app", APP, "worker", "-p", "soon");

        assertThat(polling.exit()).isEqualTo(2);
        assertThat(oneLine(polling)).isEqualTo("procrastinate: error: --fetch-job-polling-interval: -1 is not a "
                + "number of seconds greater than 0 (see 'procrastinate worker --help')");
        assertThat(concurrency.exit()).isEqualTo(2);
        assertThat(oneLine(concurrency)).contains("--concurrency: 0 is not a number of jobs of 1 or more");
        assertThat(stalled.exit()).isEqualTo(2);
        assertThat(oneLine(stalled)).contains("--stalled-worker-timeout: 5 seconds must be longer than "
                + "--update-heartbeat-interval (10 seconds)");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(oneLine(notANumber)).contains("'--fetch-job-polling-interval': 'soon' is not a double");
        assertThat(jobs()).isEqualTo(before);
        assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_workers")).isZero();
    }

    // interactive shell: quoting, exit

    @Test
    void interactiveShellQuotesLikeAShellAndExitReturnsZero() throws Exception {
        long id = defer("defer", "--unknown", "--queue", "my queue", "a.task");
        defer("defer", "--unknown", "--queue", "my", "b.task");

        Cli.Result result = Cli.runWithInput(env, "list_jobs --queue \"my queue\"\nlist_jobs --queue 'my queue'"
                + " --task a\\.task\nlist_jobs --queue \"unterminated\nretry 424242\nexit\n", "shell");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("#" + id + " a.task on my queue - [todo]").doesNotContain("b.task");
        assertThat(result.out().split("a.task on my queue", -1)).hasSize(3);
        assertThat(result.err().strip().lines()).containsExactly(
                "error: unterminated double quote in: list_jobs --queue \"unterminated",
                "error: no job with id 424242");
    }

    @Test
    void interactiveShellEndOfInputAfterAFailedCommandExitsOne() throws Exception {
        Cli.Result result = Cli.runWithInput(env, "retry 424242\n", "shell");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(oneLine(result)).isEqualTo("error: no job with id 424242");
    }

    // list_jobs on many jobs: default limit, --limit, --details

    @Test
    void listJobsShowsTheNewestFiftyByDefaultAndSaysMoreMatch() throws Exception {
        database.execute("INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
                + "SELECT 'q', 'many.task', jsonb_build_object('n', n) FROM generate_series(1, 60) AS n");

        Cli.Result byDefault = Cli.run(env, "shell", "list_jobs");
        Cli.Result five = Cli.run(env, "shell", "list_jobs", "--limit", "5");
        Cli.Result all = Cli.run(env, "shell", "list_jobs", "--limit", "0");
        Cli.Result negative = Cli.run(env, "shell", "list_jobs", "--limit", "-1");

        assertThat(byDefault.exit()).isZero();
        assertThat(byDefault.out().lines()).hasSize(50).allMatch(line -> line.contains("many.task on q"));
        assertThat(oneLine(byDefault)).isEqualTo("(the newest 50 jobs shown; more match: --limit N shows more, "
                + "--limit 0 all)");
        assertThat(five.out().lines()).hasSize(5);
        assertThat(all.out().lines()).hasSize(60);
        assertThat(all.err()).isEmpty();
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(oneLine(negative)).contains("--limit: -1 is not a number of jobs of 0 (all) or more");
    }

    @Test
    void listJobsDetailsShowArgumentsAttemptsTimesWorkerAndLastError() throws Exception {
        long id = defer("--app", APP, "defer", "--lock", "L1", "cli.fail", "{\"why\": \"test\"}");
        Cli.Result worker = Cli.run(env, "--app", APP, "worker", "--one-shot");
        assertThat(worker.exit()).as(worker.err()).isZero();

        Cli.Result result = Cli.run(env, "shell", "list_jobs", "--details", "--id", Long.toString(id));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("#" + id + " cli.fail on default - [failed]",
                "    arguments: {\"why\": \"test\"}", "    attempts: 1, priority: 0, lock: L1, worker: ",
                "    scheduled: ", "deferred 20", "started 20", "failed 20");
        assertThat(result.out()).containsPattern("    last error: attempt 1 at 20\\S+ on worker #\\d+: "
                + "java\\.lang\\.IllegalStateException: boom in \"cli\\.fail\"\n");
    }

    // schema --apply twice

    @Test
    void schemaApplyTwiceNamesTheCommandLineWayToSkipIt() throws Exception {
        Cli.Result again = Cli.run(env, "schema", "--apply");
        Cli.Result skip = Cli.run(env, "schema", "--apply", "--if-missing");

        assertThat(again.exit()).isEqualTo(1);
        assertThat(oneLine(again)).isEqualTo("procrastinate: error: the procrastinate schema is already applied in "
                + "this database; nothing was changed (procrastinate schema --apply --if-missing skips it; "
                + "procrastinate healthchecks checks it)").doesNotContain("applyIfMissing");
        assertThat(skip.exit()).isZero();
        assertThat(skip.out()).contains("Schema already applied; nothing to do.");
    }

    // --log-format xml, -q ''

    @Test
    void anUnknownLogFormatIsRefused() throws Exception {
        defer("defer", "--unknown", "cli.hello");
        String before = jobs();

        Cli.Result flag = Cli.run(env, "--app", APP, "--log-format", "xml", "worker", "--one-shot");
        Cli.Result variable = Cli.run(Map.of("PROCRASTINATE_DATABASE_URL", database.postgresUrl(),
                "PROCRASTINATE_LOG_FORMAT", "xml"), "--app", APP, "worker", "--one-shot");

        assertThat(flag.exit()).isEqualTo(2);
        assertThat(oneLine(flag)).isEqualTo("procrastinate: error: invalid value for option '--log-format': 'xml' "
                + "is not one of text, json (see 'procrastinate --help')");
        assertThat(variable.exit()).isEqualTo(2);
        assertThat(oneLine(variable)).contains("'xml' is not one of text, json");
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void anEmptyQueueNameIsRefusedInsteadOfMeaningAllQueues() throws Exception {
        defer("defer", "--unknown", "cli.hello");
        String before = jobs();

        Cli.Result empty = Cli.run(env, "--app", APP, "worker", "--one-shot", "-q", "");
        Cli.Result blankInList = Cli.run(env, "--app", APP, "worker", "--one-shot", "--queues", "a,,b");

        assertThat(empty.exit()).isEqualTo(2);
        assertThat(oneLine(empty)).isEqualTo("procrastinate: error: --queues: an empty queue name in ''; give queue "
                + "names separated by commas, or leave --queues out for all queues (see 'procrastinate worker "
                + "--help')");
        assertThat(blankInList.exit()).isEqualTo(2);
        assertThat(oneLine(blankInList)).contains("an empty queue name in 'a,,b'");
        assertThat(jobs()).isEqualTo(before);
    }
}
