package dev.procrastinate.cli;

import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code procrastinate queue pause|resume|limit|list}: cluster-wide queue control, kept in the database. */
@Command(name = "queue", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Pause, resume and limit queues for every procrastinate-java worker of the database (Python "
            + "workers ignore these controls). Needs the schema's procrastinate4j step 3 "
            + "(procrastinate schema --apply --if-missing)."},
        footer = {"", "Examples:", "  procrastinate queue pause emails", "  procrastinate queue list",
            "  procrastinate queue limit emails --max-running 5 --max-starts 100 --per 1m"})
final class QueueCommand extends SubCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "queue needs a subcommand: pause, resume, limit or list");
    }

    private JobManager jobs() {
        return root.app().jobManager();
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop every worker from starting the queue's jobs; running jobs finish.")
    int pause(@Parameters(paramLabel = "QUEUE", description = "The queue to pause.") String queue) {
        jobs().pauseQueue(queue);
        return done("Queue " + queue + " paused.");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Let workers start the queue's jobs again, at once.")
    int resume(@Parameters(paramLabel = "QUEUE", description = "The queue to resume.") String queue) {
        jobs().resumeQueue(queue);
        return done("Queue " + queue + " resumed.");
    }

    private static int done(String line) {
        System.out.println(line);
        return 0;
    }

    @Command(name = "limit", mixinStandardHelpOptions = true,
            description = {"Set the queue's limits, replacing those it had; with no option, remove them.",
                "Example: procrastinate queue limit emails --max-running 5 --max-starts 100 --per 1m"})
    int limit(@Parameters(paramLabel = "QUEUE", description = "The queue to limit.") String queue,
            @Option(names = "--max-running", paramLabel = "N",
                    description = "At most N of the queue's jobs run at once across the cluster.") Integer maxRunning,
            @Option(names = "--max-running-per-key", paramLabel = "N",
                    description = "At most N jobs of one concurrency key run at once.") Integer maxRunningPerKey,
            @Option(names = "--max-starts", paramLabel = "N",
                    description = "At most N of the queue's jobs start within any --per period.") Integer maxStarts,
            @Option(names = "--max-starts-per-key", paramLabel = "N",
                    description = "At most N jobs of one key start within any --per period.") Integer maxStartsPerKey,
            @Option(names = "--per", paramLabel = "PERIOD", converter = PeriodConverter.class,
                    description = "The period of --max-starts and --max-starts-per-key: 500ms, 10s, 5m, 1h or "
                            + "ISO-8601 (PT10S).") Duration per) {
        QueueLimits limits;
        try {
            limits = new QueueLimits(maxRunning, maxRunningPerKey, maxStarts, maxStartsPerKey, per);
        } catch (dev.procrastinate.api.ConfigurationException e) {
            throw new CliException(e.getMessage().replace("maxRunningPerKey", "--max-running-per-key")
                    .replace("maxStartsPerKey", "--max-starts-per-key").replace("maxRunning", "--max-running")
                    .replace("maxStarts", "--max-starts").replace("ratePeriod", "--per"));
        }
        jobs().setQueueLimits(queue, limits);
        return done(limits.isLimited() ? "Queue " + queue + " limited: " + limits.describe() + "."
                : "Queue " + queue + " has no limit.");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the paused and limited queues.")
    int list() {
        List<QueueControl> controls = jobs().listQueueControls();
        if (controls.isEmpty()) {
            return done("No queue is paused or limited.");
        }
        int width = Math.max(5, controls.stream().mapToInt(c -> c.queueName().length()).max().orElse(0));
        System.out.printf(Locale.ROOT, "%-" + width + "s  %-7s  %s%n", "QUEUE", "STATE", "LIMITS");
        for (QueueControl control : controls) {
            System.out.printf(Locale.ROOT, "%-" + width + "s  %-7s  %s%n", control.queueName(),
                    control.paused() ? "paused" : "active",
                    control.limits().isLimited() ? control.limits().describe() : "-");
        }
        return 0;
    }

    /** 500ms, 10s, 5m, 1h, or ISO-8601. */
    static final class PeriodConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a period: write 500ms, 10s, 5m, 1h or "
                        + "ISO-8601 such as PT10S");
            }
        }
    }
}
