package dev.procrastinate.core.periodic;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.procrastinate.api.ConfigurationException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron expression as upstream takes it: five fields ({@code minute hour day-of-month month day-of-week}), or six
 * with seconds as the sixth, evaluated in a time zone (UTC by default, as upstream).
 */
public final class CronSchedule {

    private static final CronParser FIVE_FIELDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SECONDS_FIRST =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    /** @throws IllegalArgumentException when {@code cron} is not a valid expression of its definition */
    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.executionTime = ExecutionTime.forCron(cron.validate());
        this.expression = expression;
        this.zone = zone;
    }

    public static CronSchedule parse(String expression, ZoneId zone) {
        String[] fields = expression.trim().split("\\s+");
        try {
            Cron cron;
            if (fields.length == 5) {
                cron = FIVE_FIELDS.parse(String.join(" ", fields));
            } else if (fields.length == 6) {
                cron = SECONDS_FIRST.parse(fields[5] + " " + String.join(" ", java.util.Arrays.copyOf(fields, 5)));
            } else {
                throw new IllegalArgumentException("expected 5 fields (or 6 with seconds last), got " + fields.length);
            }
            return new CronSchedule(expression, zone, cron);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid cron expression '" + expression + "': " + e.getMessage(), e);
        }
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first tick strictly after {@code instant}. */
    public Optional<Instant> next(Instant instant) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant);
    }

    /** The last tick at or before {@code instant}. */
    public Optional<Instant> latestAtOrBefore(Instant instant) {
        Optional<Instant> before = executionTime.lastExecution(ZonedDateTime.ofInstant(instant, zone))
                .map(ZonedDateTime::toInstant);
        Optional<Instant> following = before.flatMap(this::next);
        return following.filter(tick -> !tick.isAfter(instant)).or(() -> before);
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
