package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.model.WarningEvaluation;
import io.churnwatch.scoring.model.WarningEvaluation.CustomerLabel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a replay's two files. EVENTS.jsonl: one v1 event per line; each is reduced to the contract's
 * fields (messageId, customerId, type, timestamp, properties, traits), so extra fields are ignored, and
 * an event without messageId gets {@code replay-<line>} so a retried batch is deduplicated. Events are
 * streamed in timestamp order: a first pass checks whether the file is sorted; a file that is not is
 * sorted in memory. LABELS.jsonl: customerId, churned, churnedAt, observedUntil (date-times or dates,
 * see {@link io.churnwatch.scoring.model.WarningEvaluation#labelTime}); other fields ignored. The labels'
 * churns can be fed back as the {@code churned} events an integrator would send ({@link #outcomes},
 * {@link #merged}).
 */
public final class ReplayInput {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final String[] FIELDS = {"messageId", "customerId", "type", "timestamp", "properties", "traits"};

    /** One event ready to post, with its time; {@code churnedCustomer} is its customer if it is a {@code churned} event. */
    public record Event(Instant timestamp, String json, String churnedCustomer) {}

    /**
     * What the first pass found: counts, the time range, whether the file is in order, and the customers
     * with a {@code churned} event of their own.
     */
    public record Scan(
            long lines,
            long events,
            long skipped,
            boolean sorted,
            Instant first,
            Instant last,
            String firstProblem,
            Set<String> churnedInLog) {}

    private static final String OUTCOME_ID_PREFIX = "replay-outcome-churned-";

    private ReplayInput() {}

    /** The first pass over EVENTS.jsonl. */
    public static Scan scan(Path events) throws IOException {
        long[] counts = new long[3];
        Instant[] range = new Instant[2];
        boolean[] sorted = {true};
        String[] problem = {null};
        Set<String> churned = new HashSet<>();
        read(
                events,
                (line, event) -> {
                    counts[0]++;
                    if (event == null) {
                        counts[2]++;
                        return;
                    }
                    counts[1]++;
                    if (event.churnedCustomer() != null) {
                        churned.add(event.churnedCustomer());
                    }
                    if (range[1] != null && event.timestamp().isBefore(range[1])) {
                        sorted[0] = false;
                    }
                    range[0] = range[0] == null || event.timestamp().isBefore(range[0]) ? event.timestamp() : range[0];
                    range[1] = range[1] == null || event.timestamp().isAfter(range[1]) ? event.timestamp() : range[1];
                },
                p -> problem[0] = problem[0] == null ? p : problem[0]);
        return new Scan(
                counts[0], counts[1], counts[2], sorted[0], range[0], range[1], problem[0], Set.copyOf(churned));
    }

    /** The events in timestamp order: streamed from the file when it is sorted, else read and sorted in memory. */
    public static Iterator<Event> ordered(Path events, boolean sorted) throws IOException {
        if (!sorted) {
            List<Event> all = new ArrayList<>();
            read(
                    events,
                    (line, event) -> {
                        if (event != null) {
                            all.add(event);
                        }
                    },
                    p -> {});
            all.sort(Comparator.comparing(Event::timestamp)); // stable: equal times keep file order
            return all.iterator();
        }
        BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8);
        return new Iterator<>() {
            private long lineNo;
            private Event next = advance();

            private Event advance() {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        Event event = parse(line, ++lineNo, p -> {});
                        if (event != null) {
                            return event;
                        }
                    }
                    reader.close();
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Event next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Event current = next;
                next = advance();
                return current;
            }
        };
    }

    private interface LineHandler {
        void handle(long lineNo, Event eventOrNull);
    }

    private static void read(Path events, LineHandler handler, Consumer<String> problems) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                handler.handle(lineNo, parse(line, lineNo, problems));
            }
        }
    }

    /** The event of one line reduced to the contract's fields, or null (with a problem reported) when unusable. */
    static Event parse(String line, long lineNo, Consumer<String> problems) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            problems.accept("line " + lineNo + ": not JSON");
            return null;
        }
        if (!node.isObject()
                || !node.hasNonNull("timestamp")
                || !node.get("timestamp").isTextual()) {
            problems.accept("line " + lineNo + ": no timestamp (a replay needs every event's time)");
            return null;
        }
        Instant timestamp;
        try {
            timestamp = OffsetDateTime.parse(node.get("timestamp").asText()).toInstant();
        } catch (RuntimeException e) {
            problems.accept("line " + lineNo + ": timestamp is not ISO-8601 with an offset");
            return null;
        }
        ObjectNode event = JSON.createObjectNode();
        if (!node.hasNonNull("messageId")) {
            event.put("messageId", "replay-" + lineNo);
        }
        for (String field : FIELDS) {
            if (node.has(field)) {
                event.set(field, node.get(field));
            }
        }
        String churnedCustomer = "churned".equals(node.path("type").asText()) && node.hasNonNull("customerId")
                ? node.get("customerId").asText()
                : null;
        return new Event(timestamp, event.toString(), churnedCustomer);
    }

    /**
     * The churned labels as the {@code churned} events an integrator would send, in time order: at
     * churnedAt, with a messageId derived from the customer id (so a retried or repeated replay
     * deduplicates them). Customers in {@code churnedInLog} already tell their churn in the log and get none.
     */
    public static List<Event> outcomes(List<CustomerLabel> labels, Set<String> churnedInLog) {
        List<Event> out = new ArrayList<>();
        for (CustomerLabel label : labels) {
            if (!label.churned() || churnedInLog.contains(label.customerId())) {
                continue;
            }
            ObjectNode event = JSON.createObjectNode();
            event.put("messageId", outcomeMessageId(label.customerId()));
            event.put("customerId", label.customerId());
            event.put("type", "churned");
            event.put("timestamp", label.churnedAt().toString());
            event.putObject("properties").put("source", "replay-labels");
            out.add(new Event(label.churnedAt(), event.toString(), label.customerId()));
        }
        out.sort(Comparator.comparing(Event::timestamp));
        return out;
    }

    /** The messageId of a customer's fed-back churn: readable when it fits the contract's 256 characters, else hashed. */
    static String outcomeMessageId(String customerId) {
        String readable = OUTCOME_ID_PREFIX + customerId;
        if (readable.length() <= 256) {
            return readable;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(customerId.getBytes(StandardCharsets.UTF_8));
            return OUTCOME_ID_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Two time-ordered streams as one; at equal times the log's event comes first (a churn follows the day's activity). */
    public static Iterator<Event> merged(Iterator<Event> log, List<Event> outcomes) {
        Iterator<Event> fed = outcomes.iterator();
        return new Iterator<>() {
            private Event nextLog = log.hasNext() ? log.next() : null;
            private Event nextFed = fed.hasNext() ? fed.next() : null;

            @Override
            public boolean hasNext() {
                return nextLog != null || nextFed != null;
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (nextFed == null || nextLog != null && !nextLog.timestamp().isAfter(nextFed.timestamp())) {
                    Event current = nextLog;
                    nextLog = log.hasNext() ? log.next() : null;
                    return current;
                }
                Event current = nextFed;
                nextFed = fed.hasNext() ? fed.next() : null;
                return current;
            }
        };
    }

    /** The labels of LABELS.jsonl; extra fields are ignored. */
    public static List<CustomerLabel> labels(Path labels) throws IOException {
        List<CustomerLabel> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(labels, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                if (!node.hasNonNull("customerId")) {
                    throw new IllegalArgumentException(labels + " line " + lineNo + ": customerId is required");
                }
                boolean churned = node.path("churned").asBoolean(false);
                try {
                    out.add(new CustomerLabel(
                            node.get("customerId").asText(),
                            churned,
                            instant(node, "churnedAt"),
                            instant(node, "observedUntil")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(labels + " line " + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : WarningEvaluation.labelTime(value.asText());
    }
}
