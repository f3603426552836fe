package dev.procrastinate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by the PostgreSQL processes of this machine between {@link #start()} and
 * {@link #stop()}: on a small machine shared by the worker and the server, CPU per job is what throughput comes down
 * to, and unlike jobs per second it hardly moves with other load. PostgreSQL's share is read from {@code /proc}: the
 * postmaster started with {@code -p <port>} (as the embedded server is), its children, and the children it has
 * reaped; so it is only known for such a server on this machine, otherwise it is negative.
 */
final class CpuMeter {

    private final int port;

    private static final double TICK_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux
    private long javaStart;
    private long postgresStart;
    private long javaNanos;
    private long postgresNanos;

    CpuMeter(int port) {
        this.port = port;
    }

    CpuMeter start() {
        javaStart = javaCpuNanos();
        postgresStart = postgresCpuNanos();
        return this;
    }

    CpuMeter stop() {
        javaNanos = javaCpuNanos() - javaStart;
        long postgres = postgresCpuNanos();
        postgresNanos = postgres < 0 || postgresStart < 0 ? -1 : postgres - postgresStart;
        return this;
    }

    long javaNanos() {
        return javaNanos;
    }

    /** Negative when PostgreSQL does not run on this machine (or /proc is not readable). */
    long postgresNanos() {
        return postgresNanos;
    }

    private static long javaCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long postgresCpuNanos() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            List<long[]> processes = new ArrayList<>(); // pid, ppid, own ticks, reaped children's ticks
            long postmaster = -1;
            for (Path process : (Iterable<Path>) entries::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] stat = stat(process);
                if (stat == null) {
                    continue;
                }
                processes.add(stat);
                if (postmaster < 0 && isPostmaster(process)) {
                    postmaster = stat[0];
                }
            }
            long ticks = 0;
            for (long[] process : processes) {
                if (process[0] == postmaster) {
                    ticks += process[2] + process[3];
                } else if (process[1] == postmaster) {
                    ticks += process[2];
                }
            }
            return postmaster < 0 ? -1 : (long) (ticks * TICK_NANOS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private boolean isPostmaster(Path process) {
        try {
            String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            return command.contains("postgres") && command.contains(" -p " + port + " ");
        } catch (IOException e) {
            return false;
        }
    }

    /** pid, ppid, utime + stime, cutime + cstime of a postgres process; null for any other. */
    private static long[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            if (!command.startsWith("postgres")) {
                return null;
            }
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(process.getFileName().toString()), Long.parseLong(fields[1]),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                Long.parseLong(fields[13]) + Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
