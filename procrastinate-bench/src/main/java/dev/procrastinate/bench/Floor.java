package dev.procrastinate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor: pgbench drains the same number of queued jobs with only {@code procrastinate_fetch_job_v2} and
 * {@code procrastinate_finish_job_v1}, one job per transaction pair, at the same number of connections. No Java in
 * between, so it is what the database does on this machine for this schema.
 */
final class Floor {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final String SCRIPT = """
            SELECT id AS job_id FROM procrastinate_fetch_job_v2(NULL, :worker) \\gset
            SELECT procrastinate_finish_job_v1(:job_id, 'succeeded', false);
            """;

    private Floor() {
    }

    /** Jobs per second, or null when pgbench is not installed. */
    static Double measure(String url, Runnable reset, IntConsumer queue, int jobs, int clients) throws Exception {
        if (pgbench() == null) {
            return null;
        }
        reset.run();
        queue.accept(jobs);
        return run(url, SCRIPT, "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-t", Integer.toString(jobs / clients), "-D", "worker=" + registerWorker(url));
    }

    /**
     * Runs a pgbench script ({@code -n}, no vacuum of pgbench's own tables) against the benchmark's database with
     * the given options; its transactions per second, or null when pgbench is not installed.
     */
    static Double run(String url, String scriptText, String... options) throws IOException, InterruptedException {
        String pgbench = pgbench();
        if (pgbench == null) {
            return null;
        }
        URI uri = URI.create(url);
        Path script = Files.createTempFile("procrastinate-pgbench", ".sql");
        Files.writeString(script, scriptText, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(pgbench, "-n", "-h", uri.getHost(), "-p",
                Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()), "-U", Bench.user(url),
                "-f", script.toString()));
        command.addAll(List.of(options));
        command.add(uri.getPath().substring(1));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (Bench.password(url) != null) {
            builder.environment().put("PGPASSWORD", Bench.password(url));
        }
        Path output = Files.createTempFile("procrastinate-pgbench", ".out");
        Process process = builder.redirectOutput(output.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("pgbench failed: " + Files.readString(output));
        }
        Matcher tps = TPS.matcher(Files.readString(output));
        Files.deleteIfExists(script);
        Files.deleteIfExists(output);
        return tps.find() ? Double.parseDouble(tps.group(1)) : null;
    }

    private static long registerWorker(String url) {
        try (dev.procrastinate.core.App app = dev.procrastinate.core.App.create(dev.procrastinate.api.Connectors.get(
                "jdbc", dev.procrastinate.api.ConnectorOptions.builder().url(url).maxPoolSize(1).build()))) {
            return app.workerStore().registerWorker();
        }
    }

    /** pgbench on the PATH, or in Debian's /usr/lib/postgresql/N/bin; null when there is none. */
    static String pgbench() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable).map(Path::toString)
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
