package dev.procrastinate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The suite's table: one row per scenario and connector, printed to stdout when the scenario ends and appended to
 * {@code target/fault-report.md}, so a whole run can be quoted.
 */
final class FaultReport {

    static final String HEADER = "| scenario | connector | jobs | lost | run twice | seconds | result |\n"
            + "|---|---|---|---|---|---|---|";
    private static final Path FILE = Path.of("target", "fault-report.md");

    /** One row of the table. */
    record Row(String scenario, String connector, long jobs, long lost, String runTwice, double seconds,
            String result) {

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %.1f | %s |", scenario, connector, jobs,
                    lost, runTwice, seconds, result);
        }
    }

    private FaultReport() {
    }

    static synchronized void print(Row row, String timeline) {
        System.out.println(HEADER);
        System.out.println(row.markdown());
        System.out.println(timeline);
        System.out.flush();
        try {
            Files.createDirectories(FILE.getParent());
            boolean fresh = !Files.exists(FILE);
            Files.writeString(FILE, (fresh ? HEADER + "\n" : "") + row.markdown() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + FILE, e);
        }
    }
}
