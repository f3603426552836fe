package dev.procrastinate.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times and durations read on the pages: UTC timestamps, short durations. */
final class Format {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant) + " UTC";
    }

    /** {@code 3.2 s}, {@code 4 min 10 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    static String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        boolean negative = duration.isNegative();
        Duration d = duration.abs();
        String text;
        if (d.toMillis() < 1000) {
            text = d.toMillis() + " ms";
        } else if (d.toSeconds() < 60) {
            text = String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        } else if (d.toMinutes() < 60) {
            text = d.toMinutes() + " min " + d.toSecondsPart() + " s";
        } else if (d.toHours() < 48) {
            text = d.toHours() + " h " + d.toMinutesPart() + " min";
        } else {
            text = d.toDays() + " d " + d.toHoursPart() + " h";
        }
        return negative ? "in " + text : text;
    }

    /** {@code 12.0 s ago}, or {@code in 3 min 0 s} for a time in the future. */
    static String ago(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, now);
        return age.isNegative() ? duration(age) : duration(age) + " ago";
    }
}
