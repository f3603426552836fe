package dev.procrastinate.bench;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.Row;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by the PostgreSQL server's processes between {@link #start()} and {@link #stop()}: on
 * a small machine shared by the worker and the server, CPU per job is what throughput comes down to, and unlike jobs
 * per second it hardly moves with other load. PostgreSQL's share is read from {@code /proc} for the cluster's
 * postmaster found by {@link Server#locate}: the postmaster itself, every process it started (backends of every
 * database and every client, autovacuum, the WAL writer, the checkpointer...) and the children it has reaped since,
 * so it is known for a server on this machine, the embedded one or one given by {@code --database-url}, and "not
 * measured" for any other.
 */
final class CpuMeter {

    private static final double TICK_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux

    private final Server server;
    private long javaStart;
    private long jitStart;
    private long postgresStart;
    private long javaNanos;
    private long jitNanos;
    private long postgresNanos;

    CpuMeter(Server server) {
        this.server = server;
    }

    CpuMeter start() {
        javaStart = javaCpuNanos();
        jitStart = jitCpuNanos();
        postgresStart = server.cpuNanos();
        return this;
    }

    CpuMeter stop() {
        javaNanos = javaCpuNanos() - javaStart;
        jitNanos = jitCpuNanos() - jitStart;
        long postgres = server.cpuNanos();
        postgresNanos = postgres < 0 || postgresStart < 0 ? -1 : postgres - postgresStart;
        return this;
    }

    long javaNanos() {
        return javaNanos;
    }

    /**
     * The part of {@link #javaNanos()} spent by the JIT compiler threads (C1, C2): on two cores a drain of some
     * thousand jobs still pays for compiling the paths it runs, so the rest is what a job costs once compiled.
     * Compiler threads that ended in between are missed, so this may be an underestimate.
     */
    long jitNanos() {
        return jitNanos;
    }

    /** Negative when PostgreSQL does not run on this machine (or /proc is not readable). */
    long postgresNanos() {
        return postgresNanos;
    }

    private static long javaCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of this JVM's JIT compiler threads (C1, C2) so far. */
    static long jitCpuNanos() {
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            long ticks = 0;
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (command.startsWith("C1 CompilerThre") || command.startsWith("C2 CompilerThre")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
            return (long) (ticks * TICK_NANOS);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The server's postmaster on this machine, or why it was not found. It is found from the server's side: the
     * process id of a backend serving one of our connections ({@code pg_backend_pid()}) must be a local
     * {@code postgres} process whose parent is a {@code postgres} process started when the server says it started
     * ({@code pg_postmaster_start_time()}, to the second), and, where the server lets us read its data directory,
     * whose pid is the first line of {@code postmaster.pid}. A server on another machine, in another PID namespace
     * (a container) or behind a pooler fails one of these checks, and its CPU is then reported as not measured
     * rather than taken from an unrelated process that happens to have the same pid.
     */
    record Server(long postmasterPid, String description) {

        static Server locate(Connector connector) {
            Row row = connector.query("""
                    SELECT pg_backend_pid() AS pid,
                           extract(epoch FROM pg_postmaster_start_time())::float8::text AS started,
                           (SELECT setting FROM pg_settings WHERE name = 'data_directory') AS data_directory""")
                    .get(0);
            return check(row.getLong("pid"), Double.parseDouble(row.getString("started")),
                    row.getString("data_directory"));
        }

        /**
         * The checks of {@link #locate} on what the server said: the pid of one of its backends, its start time in
         * epoch seconds, its data directory (null when the server does not let us read it).
         */
        static Server check(long backend, double started, String dataDirectory) {
            String notFound = "PostgreSQL CPU not measured: the server is not on this machine (or not in its PID "
                    + "namespace): ";
            long[] backendStat = stat(Path.of("/proc", Long.toString(backend)));
            if (backendStat == null) {
                return new Server(-1, notFound + "its backend pid " + backend + " is no local postgres process");
            }
            long postmaster = backendStat[1];
            long[] postmasterStat = stat(Path.of("/proc", Long.toString(postmaster)));
            if (postmasterStat == null) {
                return new Server(-1, notFound + "the parent of pid " + backend + " is no postgres process");
            }
            double localStart = bootTime() + postmasterStat[4] * TICK_NANOS / 1e9;
            if (Math.abs(localStart - started) > 2) {
                return new Server(-1, notFound + "local process " + postmaster + " started at another time than "
                        + "pg_postmaster_start_time()");
            }
            String check = "pg_postmaster_start_time()";
            if (dataDirectory != null && Files.isReadable(Path.of(dataDirectory, "postmaster.pid"))) {
                try {
                    String pidLine = Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim();
                    if (Long.parseLong(pidLine) != postmaster) {
                        return new Server(-1, notFound + dataDirectory + "/postmaster.pid names pid " + pidLine
                                + ", not " + postmaster);
                    }
                    check += " and " + dataDirectory + "/postmaster.pid";
                } catch (IOException | RuntimeException e) {
                    // unreadable after all: the start time has matched, which is enough
                }
            }
            return new Server(postmaster, "PostgreSQL CPU: postmaster pid " + postmaster + " (checked against "
                    + check + "), all its processes and the ones it reaped, from /proc");
        }

        /** Ticks used by the postmaster, its live children and its reaped ones, in nanoseconds; -1 if unknown. */
        long cpuNanos() {
            if (postmasterPid < 0) {
                return -1;
            }
            try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
                long ticks = 0;
                boolean found = false;
                for (Path process : (Iterable<Path>) entries::iterator) {
                    if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long[] stat = stat(process);
                    if (stat == null) {
                        continue;
                    }
                    if (stat[0] == postmasterPid) {
                        ticks += stat[2] + stat[3];
                        found = true;
                    } else if (stat[1] == postmasterPid) {
                        ticks += stat[2];
                    }
                }
                return found ? (long) (ticks * TICK_NANOS) : -1;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static long bootTime() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                    if (line.startsWith("btime ")) {
                        return Long.parseLong(line.substring(6).trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }

    /** pid, ppid, utime + stime, cutime + cstime, start time in ticks of a postgres process; null for any other. */
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
                Long.parseLong(fields[13]) + Long.parseLong(fields[14]), Long.parseLong(fields[19])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
