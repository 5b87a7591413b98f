package io.churnwatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's own {@code org.apache.kafka.tools.ConsumerPerformance}, run as a child JVM on this JVM's
 * classpath like {@link ProducerPerfRun}, with its summary line parsed by the header's column names.
 */
public final class ConsumerPerfRun {

    /** The summary: records consumed, records/s over the whole run and over the fetch time (without the group join). */
    public record Result(
            long records,
            double recordsPerSecond,
            double fetchRecordsPerSecond,
            double mbPerSecond,
            long rebalanceMs,
            long fetchMs,
            String summaryLine) {}

    private ConsumerPerfRun() {}

    public static Result run(String bootstrapServers, String topic, long records, String group)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server",
                bootstrapServers,
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--group",
                group,
                "--timeout",
                "60000"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String header = null;
        String data = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("  [ConsumerPerformance] " + line);
                if (line.startsWith("start.time")) {
                    header = line;
                } else if (header != null && data == null && line.matches("^\\d{4}-.*")) {
                    data = line;
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || header == null || data == null) {
            throw new IllegalStateException("ConsumerPerformance failed (exit " + exit + ")");
        }
        return parse(header, data);
    }

    static Result parse(String header, String data) {
        String[] names = header.split(",\\s*");
        String[] values = data.split(",\\s*");
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < Math.min(names.length, values.length); i++) {
            row.put(names[i].trim(), values[i].trim());
        }
        return new Result(
                (long) Double.parseDouble(row.get("data.consumed.in.nMsg")),
                Double.parseDouble(row.get("nMsg.sec")),
                Double.parseDouble(row.get("fetch.nMsg.sec")),
                Double.parseDouble(row.get("MB.sec")),
                (long) Double.parseDouble(row.get("rebalance.time.ms")),
                (long) Double.parseDouble(row.get("fetch.time.ms")),
                data);
    }
}
