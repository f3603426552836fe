package dev.procrastinate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One {@link FaultWorkerMain} JVM, its log file, and the signals the suite sends it. */
final class WorkerProcess {

    private final String label;
    private final Process process;
    private final Path log;

    private WorkerProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
    }

    /** Starts a worker process of the given connector whose output goes to {@code log}. */
    static WorkerProcess start(String label, String connector, String url, String jdbcUrl, String user, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-D" + FaultWorkerMain.CONNECTOR_PROPERTY + "=" + connector, "-Dfault.log.level=INFO",
                    "-cp", System.getProperty("java.class.path"), FaultWorkerMain.class.getName(), url, jdbcUrl, user)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new WorkerProcess(label, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start worker process " + label, e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log, e);
        }
    }

    /** The worker ids the process announced, oldest first (a worker that registers again gets a new one). */
    List<Long> workerIds() {
        return lines().stream().filter(line -> line.startsWith("worker-id "))
                .map(line -> Long.parseLong(line.substring("worker-id ".length()).trim())).toList();
    }

    Long currentWorkerId() {
        List<Long> ids = workerIds();
        return ids.isEmpty() ? null : ids.get(ids.size() - 1);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(label + " (pid " + pid() + ") survived SIGKILL for 10 s");
        }
    }

    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    /** SIGTERM: the worker stops gracefully. */
    void requestStop() {
        process.destroy();
    }

    /** Waits for the process to exit; SIGKILL if it does not come in time. Returns whether it exited by itself. */
    boolean awaitExit(Duration patience) throws InterruptedException {
        if (process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill -" + name + " " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to " + pid(), e);
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ", log " + log + ")";
    }
}
