package io.churnwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds used by processes, read from /proc/PID/stat (user + system), so a phase can say which
 * process took the machine's two cores: the benchmark JVM (Kafka broker and load generator), the
 * ingest service, PostgreSQL and ProducerPerformance.
 */
public final class CpuTimes {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private CpuTimes() {}

    /** CPU seconds of one process and, when {@code withDescendants}, of all its live descendants. */
    public static double seconds(long pid, boolean withDescendants) {
        double total = read(pid);
        if (withDescendants) {
            total += ProcessHandle.of(pid)
                    .map(handle -> handle.descendants()
                            .mapToDouble(child -> read(child.pid()))
                            .sum())
                    .orElse(0.0);
        }
        return total;
    }

    /**
     * CPU seconds of the PostgreSQL server whose data directory is {@code dataDir} and of its
     * backends: pg_ctl detaches the postmaster, so it is found by its command line, not as a child.
     */
    public static double postgresSeconds(Path dataDir) {
        String needle = "-D " + dataDir;
        return ProcessHandle.allProcesses()
                .filter(handle -> cmdline(handle.pid()).contains(needle))
                .mapToDouble(postmaster -> seconds(postmaster.pid(), true))
                .sum();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static double read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command (which may hold spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is state (field 3); utime is field 14, stime field 15.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A snapshot of named processes' CPU seconds. */
    public static Map<String, Double> snapshot(Map<String, Long> pids, Path postgresDataDir) {
        Map<String, Double> values = new LinkedHashMap<>();
        pids.forEach((name, pid) -> values.put(name, read(pid)));
        values.put("postgres", postgresSeconds(postgresDataDir));
        return values;
    }

    /** Per-process CPU seconds between two snapshots, formatted with the phase's wall time. */
    public static String describe(Map<String, Double> before, Map<String, Double> after, double wallSeconds) {
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (String name : after.keySet()) {
            double used = after.get(name) - before.getOrDefault(name, 0.0);
            total += used;
            sb.append(String.format("%s %.1fs (%.0f%% of a core), ", name, used, 100 * used / wallSeconds));
        }
        sb.append(String.format(
                "total %.1f of %.1f core-seconds",
                total, wallSeconds * Runtime.getRuntime().availableProcessors()));
        return sb.toString();
    }
}
