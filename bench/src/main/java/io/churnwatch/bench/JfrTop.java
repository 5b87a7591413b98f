package io.churnwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A short summary of a JFR recording's CPU samples: top methods by self time, and the share of
 * samples whose stack passes through each of a few areas (inclusive), so one can say where the
 * ingest service spends its CPU.
 */
public final class JfrTop {

    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("Kafka producer (send, serialise, compress, network)", "org.apache.kafka.");
        AREAS.put("PostgreSQL client (vertx pgclient)", "io.vertx.pgclient.");
        AREAS.put("Contract JSON out (ContractSerde.toJson)", "io.churnwatch.events.ContractSerde.toJson");
        AREAS.put("Batch parse (JsonBodies)", "io.churnwatch.ingest.validation.JsonBodies.");
        AREAS.put("Validation (EventValidator.validate)", "io.churnwatch.ingest.validation.EventValidator.validate");
        AREAS.put("Answer JSON (Jackson writer in RESTEasy)", "org.jboss.resteasy.reactive.server.jackson.");
        AREAS.put("Metrics (micrometer)", "io.micrometer.");
        AREAS.put("HTTP server (netty/vertx http)", "io.netty.");
        AREAS.put("GC-free JIT/other JVM", "jdk.internal.");
        // scoring-service
        AREAS.put("Hibernate (ORM/Reactive: flush, dirty checks, entity loading)", "org.hibernate.");
        AREAS.put("Scoring core (io.churnwatch.scoring.model)", "io.churnwatch.scoring.model.");
        AREAS.put("Jackson (state JSON, contract JSON in)", "com.fasterxml.jackson.");
    }

    private JfrTop() {}

    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25);
    }

    public static void print(Path file, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> areas = new LinkedHashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            total++;
            var frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0)), 1L, Long::sum);
            }
            String thread = event.getThread("sampledThread") == null
                    ? "?"
                    : event.getThread("sampledThread").getJavaName();
            threads.merge(
                    thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"), 1L, Long::sum);
            for (Map.Entry<String, String> area : AREAS.entrySet()) {
                for (RecordedFrame frame : frames) {
                    if (name(frame).startsWith(area.getValue())) {
                        areas.merge(area.getKey(), 1L, Long::sum);
                        break;
                    }
                }
            }
        }
        long samples = total;
        System.out.printf("JFR: %d CPU samples%n", samples);
        System.out.println("  by area (inclusive, areas overlap):");
        areas.forEach((area, n) -> System.out.printf("    %5.1f%%  %s%n", 100.0 * n / samples, area));
        System.out.println("  by thread:");
        threads.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        System.out.println("  top methods by self samples:");
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
