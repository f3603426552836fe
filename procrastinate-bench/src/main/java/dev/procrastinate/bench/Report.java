package dev.procrastinate.bench;

import dev.procrastinate.core.worker.DeleteJobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the figures and prints them as one Markdown table, each throughput also as a ratio to the floor. */
final class Report {

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Integer, Double> floors = new LinkedHashMap<>();
    private String machine = "";
    private String server = "";
    private double batchDefer = Double.NaN;
    private double peerDrain = Double.NaN;
    private double peerDrainCpuPerJob = Double.NaN;
    private double batchDeferCpuPerJob = Double.NaN;
    private final Map<String, Double> drainCpuPerJob = new LinkedHashMap<>();
    private int peerThreads;

    void machine(String version) {
        this.machine = version;
    }

    /** How PostgreSQL's CPU is measured, or why it is not. */
    void server(String description) {
        this.server = description;
    }

    /** {@code cpu} may be null (not measured). */
    void defer(String how, double perSecond, CpuMeter cpu, int jobs) {
        String notes = cpu == null ? "" : cpu(cpu, jobs);
        if (how.startsWith("batches")) {
            batchDefer = perSecond;
            batchDeferCpuPerJob = cpu == null ? Double.NaN : total(cpu, jobs);
        }
        rows.add(new String[] {"defer, " + how, "jdbc", "-", number(perSecond) + " jobs/s", notes});
    }

    /**
     * "CPU/job: Java x µs (JIT j), PostgreSQL y µs": j is the JIT compiler threads' part of x; PostgreSQL is "not
     * measured" when it does not run here.
     */
    static String cpu(CpuMeter cpu, int jobs) {
        return String.format(Locale.ROOT, "CPU/job: Java %.0f µs (JIT %.0f), PostgreSQL %s",
                cpu.javaNanos() / 1e3 / jobs, cpu.jitNanos() / 1e3 / jobs, cpu.postgresNanos() < 0 ? "not measured"
                        : String.format(Locale.ROOT, "%.0f µs", cpu.postgresNanos() / 1e3 / jobs));
    }

    /** Java + PostgreSQL CPU per job in microseconds; NaN when PostgreSQL's share is unknown. */
    private static double total(CpuMeter cpu, int jobs) {
        return cpu.postgresNanos() < 0 ? Double.NaN : (cpu.javaNanos() + cpu.postgresNanos()) / 1e3 / jobs;
    }

    void floor(int concurrency, Double perSecond) {
        floors.put(concurrency, perSecond);
        rows.add(new String[] {"floor: pgbench fetch+finish", "-", Integer.toString(concurrency),
            perSecond == null ? "n/a (no pgbench)" : number(perSecond) + " jobs/s", "1.00x"});
    }

    void drain(String connector, int concurrency, DeleteJobs deleteJobs, double perSecond, long heap, long rss,
            CpuMeter cpu, int jobs) {
        drainCpuPerJob.put(connector + "/" + concurrency + "/" + deleteJobs, total(cpu, jobs));
        Double floor = floors.get(concurrency);
        String versusPeer = concurrency == peerThreads && !Double.isNaN(peerDrain)
                ? String.format(Locale.ROOT, "; %.2fx db-scheduler", perSecond / peerDrain)
                        + ratio(peerDrainCpuPerJob, total(cpu, jobs), ", CPU/job theirs / ours") : "";
        rows.add(new String[] {"drain no-op jobs (delete_jobs=" + deleteJobs.name().toLowerCase(Locale.ROOT) + ")",
            connector, Integer.toString(concurrency), number(perSecond) + " jobs/s",
            (floor == null ? "" : String.format(Locale.ROOT, "%.2fx floor; ", perSecond / floor))
                    + (versusPeer.isEmpty() ? "" : versusPeer.substring(2) + "; ")
                    + cpu(cpu, jobs) + "; "
                    + String.format(Locale.ROOT, "peak heap %d MB, RSS %d MB", heap >> 20, rss >> 20)});
    }

    /** db-scheduler's figures; the drains and the batch defer measured after this are also shown as ratios to it. */
    void peer(int threads, double enqueuePerSecond, double drainPerSecond, CpuMeter enqueueCpu,
            CpuMeter drainCpu, int jobs) {
        this.peerDrain = drainPerSecond;
        this.peerThreads = threads;
        double enqueueCpuPerJob = total(enqueueCpu, jobs);
        double drainCpuPerJobOfPeer = total(drainCpu, jobs);
        this.peerDrainCpuPerJob = drainCpuPerJobOfPeer;
        rows.add(new String[] {"peer: db-scheduler 16.1 enqueue, batches of 1,000", "-", "-",
            number(enqueuePerSecond) + " jobs/s", ratio(batchDefer, enqueuePerSecond, "ours / theirs")
                + "; " + cpu(enqueueCpu, jobs)
                + ratio(enqueueCpuPerJob, batchDeferCpuPerJob, "; CPU/job theirs / ours")});
        StringBuilder cpuRatios = new StringBuilder();
        drainCpuPerJob.forEach((key, ours) -> {
            if (key.contains("/" + threads + "/")) {
                cpuRatios.append(ratio(drainCpuPerJobOfPeer, ours, " " + key.split("/")[0]));
            }
        });
        rows.add(new String[] {"peer: db-scheduler 16.1 drain (pollUsingLockAndFetch)", "-",
            Integer.toString(threads), number(drainPerSecond) + " jobs/s",
            (drainCpuPerJob.isEmpty() ? "" : drainRatios() + "; ") + cpu(drainCpu, jobs)
                + (cpuRatios.length() == 0 ? "" : "; CPU/job theirs / ours:" + cpuRatios)});
    }

    private String drainRatios() {
        StringBuilder ratios = new StringBuilder("ours / theirs:");
        for (String[] row : rows) {
            if (row[0].startsWith("drain") && row[2].equals(Integer.toString(peerThreads))) {
                double ours = Double.parseDouble(row[3].replace(" jobs/s", "").replace(",", ""));
                ratios.append(' ').append(row[1]).append(String.format(Locale.ROOT, " %.2fx", ours / peerDrain));
            }
        }
        return ratios.toString();
    }

    private static String ratio(double ours, double theirs, String label) {
        return Double.isNaN(ours) || Double.isNaN(theirs) ? "" : String.format(Locale.ROOT, "%s %.2fx", label,
                ours / theirs);
    }

    void pickup(long p50, long p99, long max) {
        rows.add(new String[] {"pickup: defer-to-start latency, idle worker, LISTEN/NOTIFY", "jdbc", "4",
            String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50 / 1e3, p99 / 1e3, max / 1e3),
            ""});
    }

    /** A row of a section of its own: measure, connector, concurrency, result, ratio / notes. */
    void row(String measure, String connector, String concurrency, String result, String notes) {
        rows.add(new String[] {measure, connector, concurrency, result, notes});
    }

    /** A block of text printed after the table (a query plan, a check's details). */
    void note(String text) {
        notes.add(text);
    }

    void print(int jobs, int latencyJobs) {
        System.out.println();
        System.out.println("procrastinate-java bench: " + jobs + " jobs per drain, " + latencyJobs
                + " latency samples, " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version() + ", " + machine.split(",")[0]);
        System.out.println(server);
        System.out.println();
        System.out.println("| measure | connector | concurrency | result | ratio / notes |");
        System.out.println("|---|---|---|---|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        for (String note : notes) {
            System.out.println();
            System.out.println(note);
        }
    }

    static String number(double value) {
        return Double.isNaN(value) ? "did not finish" : String.format(Locale.ROOT, "%,.0f", value);
    }
}
