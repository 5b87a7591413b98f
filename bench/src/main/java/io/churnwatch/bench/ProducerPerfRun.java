package io.churnwatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code org.apache.kafka.tools.ProducerPerformance}, run as a child JVM on this JVM's
 * classpath (so it neither shares a heap with the broker nor can call System.exit on us), and its
 * final summary line parsed.
 */
public final class ProducerPerfRun {

    /** The summary: records/s and its latency percentiles (ms), as ProducerPerformance prints them. */
    public record Result(
            long records,
            double recordsPerSecond,
            double mbPerSecond,
            double avgLatencyMs,
            long p50Ms,
            long p99Ms,
            double seconds,
            double cpuSeconds,
            String summaryLine) {}

    private static final Pattern SUMMARY = Pattern.compile(
            "^(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, [\\d.]+ ms max latency, "
                    + "(\\d+) ms 50th, \\d+ ms 95th, (\\d+) ms 99th.*");

    private ProducerPerfRun() {}

    public static Result run(String topic, long records, int recordSize, Map<String, String> producerProps)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--producer-props"));
        producerProps.forEach((key, value) -> command.add(key + "=" + value));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String summary = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("  [ProducerPerformance] " + line);
                if (SUMMARY.matcher(line).matches()) {
                    summary = line;
                }
            }
        }
        double cpu =
                process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0 || summary == null) {
            throw new IllegalStateException("ProducerPerformance failed (exit " + exit + ", summary " + summary + ")");
        }
        return parse(summary, seconds, cpu);
    }

    static Result parse(String summary, double seconds, double cpuSeconds) {
        Matcher m = SUMMARY.matcher(summary);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a ProducerPerformance summary: " + summary);
        }
        return new Result(
                Long.parseLong(m.group(1)),
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)),
                seconds,
                cpuSeconds,
                summary);
    }
}
