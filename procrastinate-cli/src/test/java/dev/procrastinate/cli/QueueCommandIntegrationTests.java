package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code procrastinate queue}, run in this JVM through {@link Main#run} (the jar's own tests cover the launcher). */
@ExtendWith(PostgresExtension.class)
class QueueCommandIntegrationTests {

    private TestDatabase database;
    private App app;
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp(TestDatabase database) {
        this.database = database;
        app = App.fromUrl(database.postgresUrl());
        app.schema().apply();
    }

    @AfterEach
    void tearDown() {
        System.setOut(stdout);
        System.setErr(stderr);
        app.close();
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] full = new String[args.length + 2];
        full[0] = "--database-url";
        full[1] = database.postgresUrl();
        System.arraycopy(args, 0, full, 2, args.length);
        try {
            int exit = Main.run(full);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void pauseListAndResumeAQueue() {
        Result paused = run("queue", "pause", "emails");
        assertThat(paused.exit()).as(paused.err()).isZero();
        assertThat(paused.out()).isEqualTo("Queue emails paused.\n");
        assertThat(app.jobManager().listQueueControls())
                .containsExactly(new QueueControl("emails", true, QueueLimits.NONE));

        Result list = run("queue", "list");
        assertThat(list.out()).isEqualTo("QUEUE   STATE    LIMITS\nemails  paused   -\n");

        Result resumed = run("queue", "resume", "emails");
        assertThat(resumed.out()).isEqualTo("Queue emails resumed.\n");
        assertThat(run("queue", "list").out()).isEqualTo("No queue is paused or limited.\n");
    }

    @Test
    void limitSetsAndRemovesTheQueuesLimits() {
        Result limited = run("queue", "limit", "emails", "--max-running", "5", "--max-starts-per-key", "10",
                "--per", "1m");
        assertThat(limited.exit()).as(limited.err()).isZero();
        assertThat(limited.out()).isEqualTo("Queue emails limited: 5 running, 10 starts per key per 1m.\n");
        assertThat(app.jobManager().listQueueControls()).containsExactly(new QueueControl("emails", false,
                new QueueLimits(5, null, null, 10, Duration.ofMinutes(1))));
        assertThat(run("queue", "list").out()).contains("emails  active   5 running, 10 starts per key per 1m");

        assertThat(run("queue", "limit", "emails").out()).isEqualTo("Queue emails has no limit.\n");
        assertThat(app.jobManager().listQueueControls()).isEmpty();
    }

    @Test
    void aRateWithoutPeriodOrABadPeriodIsRefusedNamingTheFlag() {
        Result noPeriod = run("queue", "limit", "emails", "--max-starts", "10");
        assertThat(noPeriod.exit()).isEqualTo(1);
        assertThat(noPeriod.err()).contains("--max-starts").contains("--per");

        Result badPeriod = run("queue", "limit", "emails", "--max-starts", "10", "--per", "soon");
        assertThat(badPeriod.exit()).isEqualTo(2);
        assertThat(badPeriod.err()).contains("'soon' is not a period");

        Result noVerb = run("queue");
        assertThat(noVerb.exit()).isEqualTo(2);
        assertThat(noVerb.err()).contains("pause, resume, limit or list");
        assertThat(app.jobManager().listQueueControls()).isEmpty();
    }
}
