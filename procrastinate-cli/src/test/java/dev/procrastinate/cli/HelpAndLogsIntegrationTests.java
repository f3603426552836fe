package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13: help on every verb, and the worker's text log lines (start line, key=value, stack traces). */
@ExtendWith(PostgresExtension.class)
class HelpAndLogsIntegrationTests {

    private static final String APP = TestAppProvider.class.getName();

    private TestDatabase database;
    private Map<String, String> env;

    @BeforeEach
    void setUp(TestDatabase testDatabase) {
        database = testDatabase;
        env = Map.of("PROCRASTINATE_DATABASE_URL", database.postgresUrl());
    }

    @Test
    void everyVerbAndShellCommandPrintsItsHelpWithLongAndShortFlagAndExitsZero() throws Exception {
        List<List<String>> verbs = List.of(List.of(), List.of("worker"), List.of("defer"), List.of("schema"),
                List.of("healthchecks"), List.of("dashboard"), List.of("shell"), List.of("shell", "list_jobs"), List.of("shell",
                "list_queues"), List.of("shell", "list_tasks"), List.of("shell", "list_locks"), List.of("shell",
                "cancel"), List.of("shell", "retry"));
        for (List<String> verb : verbs) {
            for (String flag : List.of("--help", "-h")) {
                String[] args = java.util.stream.Stream.concat(verb.stream(), java.util.stream.Stream.of(flag))
                        .toArray(String[]::new);
                Cli.Result result = Cli.run(Map.of(), args);
                assertThat(result.exit()).as("%s: %s", verb, result.err()).isZero();
                assertThat(result.err()).as("%s", verb).isEmpty();
                assertThat(result.out()).as("%s", verb).startsWith("Usage: ").contains("-h, --help");
            }
        }
    }

    @Test
    void workerHelpDescribesEveryOptionWithItsDefault() throws Exception {
        Cli.Result result = Cli.run(Map.of("PROCRASTINATE_WORKER_CONCURRENCY", "3"), "worker", "--help");

        assertThat(result.out()).contains("Jobs run at the same time, each on its own thread.", "Default: 3",
                "Seconds between looks for jobs when no", "Default: 5", "Default: 30", "Default: 10",
                "Default: never", "Default: all queues.", "Default: no limit.", "Default: worker",
                "Default: short", "Default: text", "PROCRASTINATE_WORKER_<OPTION>", "--default-timeout=SECONDS",
                "then its thread is interrupted", "--timeout-grace=SECONDS");
    }

    @Test
    void helpSubcommandAndAnUnknownOptionOnAVerb() throws Exception {
        Cli.Result help = Cli.run(Map.of(), "help", "defer");
        Cli.Result unknown = Cli.run(Map.of(), "worker", "--bogus");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: procrastinate defer");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(OperatorMistakesIntegrationTests.oneLine(unknown)).isEqualTo("procrastinate: error: unknown "
                + "option: '--bogus' (see 'procrastinate worker --help')");
        Cli.Result nothing = Cli.run(Map.of());
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(OperatorMistakesIntegrationTests.oneLine(nothing)).isEqualTo("procrastinate: error: give a command: "
                + "dashboard, defer, healthchecks, queue, schema, shell, worker (see 'procrastinate --help')");
        Cli.Result typo = Cli.run(Map.of(), "wroker");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(OperatorMistakesIntegrationTests.oneLine(typo)).isEqualTo("procrastinate: error: unknown command "
                + "'wroker'; the commands are dashboard, defer, healthchecks, queue, schema, shell, worker (see 'procrastinate "
                + "--help')");
        Cli.Result shellTypo = Cli.run(Map.of(), "shell", "list_job");
        assertThat(shellTypo.exit()).isEqualTo(2);
        assertThat(OperatorMistakesIntegrationTests.oneLine(shellTypo)).isEqualTo("procrastinate: error: unknown "
                + "command 'list_job'; the commands are cancel, list_jobs, list_locks, list_queues, list_tasks, retry "
                + "(see 'procrastinate shell --help')");
    }

    private Cli.Result failingJobRun(String... options) throws Exception {
        assertThat(Cli.run(env, "schema", "--apply", "--if-missing").exit()).isZero();
        Cli.run(env, "--app", APP, "defer", "cli.fail", "{}");
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--app", APP),
                java.util.stream.Stream.concat(java.util.stream.Stream.of(options),
                        java.util.stream.Stream.of("worker", "--one-shot", "--name", "w 1"))).toArray(String[]::new);
        Cli.Result result = Cli.run(env, args);
        assertThat(result.exit()).as(result.err()).isZero();
        return result;
    }

    @Test
    void workerTextLogHasAStartLinePerJobAndOneKeyValueStyleWithAShortStackTrace() throws Exception {
        Cli.Result result = failingJobRun();

        List<String> lines = result.err().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Worker job_id=\\d+ task=cli\\.fail worker=\"w 1\" "
                        + "action=start_job \\| .*"));
        String error = lines.stream().filter(line -> line.contains("action=job_error ")).findFirst().orElseThrow();
        assertThat(error).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR Worker job_id=\\d+ task=cli\\.fail "
                + "worker=\"w 1\" action=job_error duration_ms=\\d+ error=\"java\\.lang\\.IllegalStateException: "
                + "boom in \\\\\"cli\\.fail\\\\\"\" \\| .*");
        int at = lines.indexOf(error);
        assertThat(lines.get(at + 1)).isEqualTo("    java.lang.IllegalStateException: boom in \"cli.fail\"");
        assertThat(lines.subList(at + 2, at + 5)).allMatch(line -> line.startsWith("        at "));
        assertThat(lines.get(at + 5)).matches("        \\.\\.\\. \\d+ more \\(--stack-traces full\\)");
        assertThat(lines).contains("    caused by: java.io.IOException: disk full");
        assertThat(lines).noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void stackTracesNoneLeavesTheErrorOnTheLogLineAndFullPrintsEveryFrame() throws Exception {
        Cli.Result none = failingJobRun("--stack-traces", "none");
        Cli.Result full = failingJobRun("--stack-traces", "full");
        Cli.Result wrong = Cli.run(env, "--stack-traces", "long", "schema", "--read");

        assertThat(none.err().lines()).anyMatch(line -> line.contains("action=job_error ")
                && line.contains("error=\"java.lang.IllegalStateException"))
                .noneMatch(line -> line.startsWith(" "));
        assertThat(full.err().lines().filter(line -> line.startsWith("\tat ")).count()).isGreaterThan(5);
        assertThat(full.err()).contains("Caused by: java.io.IOException: disk full");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(OperatorMistakesIntegrationTests.oneLine(wrong)).contains("'long' is not one of full, short, "
                + "none");
    }
}
