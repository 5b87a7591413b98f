package io.churnwatch.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.bench.RiskChangeLog;
import io.churnwatch.bench.chaos.Population.Customer;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The assertions after recovery, each answered as a {@link Check}: events counted exactly once per customer
 * (scoring's {@code customer_events} and its REST timeline), one open episode and a delivery for every customer whose
 * risk crossed into high (risk-change topic against alert's tables, its REST API and the webhook), nothing but the
 * injected poison in the dead-letter topics, and no 5xx but 503 with Retry-After while ingest's broker or database
 * was away.
 */
final class ChaosChecks {

    /** One assertion's outcome; {@code detail} says what was compared and, on failure, the first differences. */
    record Check(String name, boolean passed, String detail) {}

    /** 503s may still come this long after the broker or the database is back (ingest's producer and pool reconnect). */
    static final Duration OUTAGE_GRACE = Duration.ofSeconds(30);

    private static final int SHOWN = 5;
    private static final int TIMELINE_SAMPLE = 25;
    private static final int TIMELINE_LIMIT = 200;

    private final Population population;
    private final GroundTruth truth;
    private final Connection db;
    private final String bootstrapServers;
    private final Map<String, String> keysByTenant;
    private final List<URI> scoring;
    private final URI alert;
    private Set<String> crossedIntoHigh = Set.of();

    ChaosChecks(
            Population population,
            GroundTruth truth,
            Connection db,
            String bootstrapServers,
            Map<String, String> keysByTenant,
            List<URI> scoring,
            URI alert) {
        this.population = population;
        this.truth = truth;
        this.db = db;
        this.bootstrapServers = bootstrapServers;
        this.keysByTenant = keysByTenant;
        this.scoring = scoring;
        this.alert = alert;
    }

    /** Customers ({@code tenant:customer}) with a risk change to high or critical; read by {@link #episodes}. */
    Set<String> crossedIntoHigh() {
        return crossedIntoHigh;
    }

    /** Every event answered 202 (accepted, or duplicate of an accepted one) is in scoring's state once; nothing else is. */
    Check exactlyOnce() throws Exception {
        Map<String, Long> expected = truth.expectedPerCustomer();
        Map<String, Long> actual = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> twice = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long rows = 0;
        try (PreparedStatement query = db.prepareStatement(
                "SELECT tenant_id, customer_id, message_id FROM scoring.customer_events WHERE tenant_id = ANY(?)")) {
            query.setArray(1, tenants());
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows++;
                    String messageId = result.getString(3);
                    actual.merge(result.getString(1) + ":" + result.getString(2), 1L, Long::sum);
                    if (!seen.add(result.getString(1) + ":" + messageId)) {
                        twice.add(messageId);
                    }
                    if (!truth.isConfirmed(messageId)) {
                        unexpected.add(messageId);
                    }
                }
            }
        }
        List<String> wrongCounts = new ArrayList<>();
        for (Customer customer : population.customers()) {
            long want = expected.getOrDefault(customer.key(), 0L);
            long got = actual.getOrDefault(customer.key(), 0L);
            if (want != got) {
                wrongCounts.add(customer.key() + " expected " + want + " got " + got);
            }
        }
        actual.keySet().stream()
                .filter(k -> !expected.containsKey(k))
                .forEach(k -> wrongCounts.add(k + " is not a planned customer"));
        long missing = truth.confirmed().stream()
                .filter(id -> !seen.contains(truth.event(id).customer().tenant() + ":" + id))
                .count();
        List<String> unsettled = truth.unsettled();
        boolean passed = wrongCounts.isEmpty()
                && twice.isEmpty()
                && unexpected.isEmpty()
                && missing == 0
                && unsettled.isEmpty()
                && truth.rejected().isEmpty();
        return new Check(
                "events counted exactly once",
                passed,
                String.format(
                        "%d events confirmed (202), %d rows in scoring.customer_events for %d customers; customers with a wrong count %d%s; "
                                + "message ids applied twice %d%s; applied but never confirmed %d%s; confirmed but missing %d; "
                                + "never settled by ingest %d%s; rejected %d",
                        truth.confirmed().size(),
                        rows,
                        population.customers().size(),
                        wrongCounts.size(),
                        first(wrongCounts),
                        twice.size(),
                        first(twice),
                        unexpected.size(),
                        first(unexpected),
                        missing,
                        unsettled.size(),
                        first(unsettled),
                        truth.rejected().size()));
    }

    /**
     * The REST timeline of a sample of customers lists exactly their confirmed events; the customer list has every
     * customer. Asked of each scoring instance in turn.
     */
    Check restAgrees() throws Exception {
        List<String> problems = new ArrayList<>();
        List<Customer> sample = new ArrayList<>(population.customers());
        java.util.Collections.shuffle(sample, new Random(7));
        Map<String, Set<String>> confirmed = truth.confirmedByCustomer();
        int compared = 0;
        for (Customer customer : sample) {
            Set<String> want = confirmed.getOrDefault(customer.key(), Set.of());
            if (want.size() > TIMELINE_LIMIT) {
                continue;
            }
            if (compared == TIMELINE_SAMPLE) {
                break;
            }
            compared++;
            URI instance = scoring.get(compared % scoring.size());
            JsonNode timeline = ServiceApi.get(
                    instance.resolve("/v1/customers/" + encode(customer.id()) + "/timeline"),
                    keysByTenant.get(customer.tenant()));
            Set<String> got = new TreeSet<>();
            timeline.path("events").forEach(e -> got.add(e.path("messageId").asText()));
            if (!got.equals(want) || timeline.path("events").size() != want.size()) {
                problems.add(customer.key() + " timeline has "
                        + timeline.path("events").size() + " events, expected " + want.size());
            }
        }
        for (String tenant : keysByTenant.keySet()) {
            long want = population.customers().stream()
                    .filter(c -> c.tenant().equals(tenant))
                    .count();
            for (URI instance : scoring) {
                long got = ServiceApi.get(instance.resolve("/v1/customers?size=1"), keysByTenant.get(tenant))
                        .path("total")
                        .asLong();
                if (got != want) {
                    problems.add(tenant + " lists " + got + " customers at " + instance + ", expected " + want);
                }
            }
        }
        return new Check(
                "scoring REST agrees",
                problems.isEmpty(),
                "timelines of " + compared + " sampled customers and each tenant's customer total, from "
                        + scoring.size() + " instances" + first(problems));
    }

    /**
     * Every customer with a risk change into high or critical has exactly one open episode and at least one delivery
     * (a sent outbox row, and the alert at the webhook); no other customer has an episode; alert-service's REST list
     * of active alerts is the same set; and the crossed set is the designed one (complainers and the silent).
     */
    Check episodes(WebhookInbox webhook) throws Exception {
        Set<String> crossed = new TreeSet<>();
        for (String tenant : keysByTenant.keySet()) {
            for (RiskChange change :
                    RiskChangeLog.read(bootstrapServers, Topics.RISK_CHANGES, tenant, Duration.ofSeconds(60))) {
                if (change.newLevel() != null && change.newLevel().isAtLeast(RiskLevel.HIGH)) {
                    crossed.add(change.tenant() + ":" + change.customerId());
                }
            }
        }
        crossedIntoHigh = crossed;
        Map<String, Integer> open = counts(
                "SELECT tenant, customer_id, count(*) FROM alert.episodes WHERE tenant = ANY(?) AND state <> 'RESOLVED' GROUP BY 1, 2");
        Map<String, Integer> all =
                counts("SELECT tenant, customer_id, count(*) FROM alert.episodes WHERE tenant = ANY(?) GROUP BY 1, 2");
        Map<String, Integer> sent = counts("""
                SELECT e.tenant, e.customer_id, count(*) FROM alert.outbox o JOIN alert.episodes e ON e.id = o.episode_id
                WHERE e.tenant = ANY(?) AND o.state = 'sent' GROUP BY 1, 2""");
        List<String> problems = new ArrayList<>();
        for (String key : crossed) {
            if (open.getOrDefault(key, 0) != 1) {
                problems.add(key + " has " + open.getOrDefault(key, 0) + " open episodes");
            }
            if (sent.getOrDefault(key, 0) < 1) {
                problems.add(key + " has no sent delivery");
            }
            if (webhook.alerts(key) < 1) {
                problems.add(key + " never reached the webhook");
            }
        }
        all.keySet().stream()
                .filter(k -> !crossed.contains(k))
                .forEach(k -> problems.add(k + " has an episode but never crossed into high"));
        Set<String> listed = new TreeSet<>();
        for (Map.Entry<String, String> tenant : keysByTenant.entrySet()) {
            ServiceApi.get(alert.resolve("/v1/alerts?state=active&limit=500"), tenant.getValue())
                    .forEach(a -> listed.add(
                            tenant.getKey() + ":" + a.path("customerId").asText()));
        }
        if (!listed.equals(crossed)) {
            problems.add("GET /v1/alerts lists " + listed.size() + " customers, the risk-change topic has "
                    + crossed.size());
        }
        Set<String> designed = population.designedHigh();
        if (!designed.equals(crossed)) {
            Set<String> notCrossed = new TreeSet<>(designed);
            notCrossed.removeAll(crossed);
            Set<String> surprise = new TreeSet<>(crossed);
            surprise.removeAll(designed);
            problems.add("designed to cross but did not: " + notCrossed.size() + first(new ArrayList<>(notCrossed))
                    + "; crossed though steady: " + surprise.size() + first(new ArrayList<>(surprise)));
        }
        long webhookAlerts = crossed.stream().mapToLong(webhook::alerts).sum();
        return new Check(
                "one open episode and a delivery per customer in high risk",
                problems.isEmpty(),
                String.format(
                        "%d customers crossed into high (designed %d); %d with exactly one open episode, %d with a sent delivery, "
                                + "%d alerts at the webhook in %d requests%s",
                        crossed.size(),
                        designed.size(),
                        crossed.stream()
                                .filter(k -> open.getOrDefault(k, 0) == 1)
                                .count(),
                        crossed.stream()
                                .filter(k -> sent.getOrDefault(k, 0) >= 1)
                                .count(),
                        webhookAlerts,
                        webhook.requests(),
                        first(problems)));
    }

    /** The event DLQ holds exactly the injected poison (by key and value; a repeat of one is noted), the risk-change DLQ nothing. */
    Check deadLetters(PoisonMessages poison) {
        List<PoisonMessages.DeadLetter> letters =
                PoisonMessages.readAll(bootstrapServers, Topics.EVENTS_DLQ, Duration.ofSeconds(60));
        List<String> strangers = letters.stream()
                .filter(l -> !poison.matches(l))
                .map(l -> l.key() + " (" + l.reason() + ")")
                .toList();
        Set<String> found = letters.stream()
                .filter(poison::matches)
                .map(PoisonMessages.DeadLetter::key)
                .collect(Collectors.toSet());
        List<String> absent = poison.injected().keySet().stream()
                .filter(k -> !found.contains(k))
                .sorted()
                .toList();
        List<PoisonMessages.DeadLetter> riskLetters =
                PoisonMessages.readAll(bootstrapServers, Topics.RISK_CHANGES_DLQ, Duration.ofSeconds(60));
        boolean passed = strangers.isEmpty() && absent.isEmpty() && riskLetters.isEmpty();
        return new Check(
                "dead-letter topics hold only the injected poison",
                passed,
                String.format(
                        "%d injected, %d records in %s (%d distinct injected, %d repeats), not injected %d%s, injected but absent %d%s; %d records in %s",
                        poison.injected().size(),
                        letters.size(),
                        Topics.EVENTS_DLQ,
                        found.size(),
                        letters.size() - strangers.size() - found.size(),
                        strangers.size(),
                        first(strangers),
                        absent.size(),
                        first(absent),
                        riskLetters.size(),
                        Topics.RISK_CHANGES_DLQ));
    }

    /** After every SIGKILL and start, each consumer group's partitions settled on exactly the instances alive. */
    static Check partitionsMoved(Map<String, GroupOwners.Settled> settled) {
        boolean passed = !settled.isEmpty() && settled.values().stream().allMatch(GroupOwners.Settled::done);
        return new Check(
                "partitions moved to the live instances",
                passed,
                settled.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue().describe())
                        .collect(Collectors.joining("; ")));
    }

    /** Storage poison posted to ingest is answered 400, or 202 (then it is expected in the dead-letter topic). */
    static Check storagePoisonAtIngest(StoragePoison.IngestAnswers answers) {
        String detail = String.format(
                "answers by status %s: %d rejected with 400; %d accepted poison (202), "
                        + "expected in %s; %d other answers",
                answers.byStatus(), answers.rejected(), answers.accepted(), Topics.EVENTS_DLQ, answers.unexpected());
        return new Check(
                "storage poison posted to ingest: 400, or accepted and dead-lettered",
                answers.unexpected() == 0,
                detail);
    }

    /** No 5xx but 503 with Retry-After during (or just after) an outage of the broker or PostgreSQL; every request answered. */
    static Check serverErrors(AnswerLog answers, FaultLog faults) {
        List<String> problems = new ArrayList<>();
        long tolerated = 0;
        for (AnswerLog.Failure failure : answers.failures()) {
            if (failure.status() == 0) {
                problems.add("no answer at " + failure.at() + ": " + failure.detail());
            } else if (failure.isServerError()) {
                if (failure.status() == 503
                        && failure.retryAfter()
                        && faults.withinIngestOutage(failure.at(), OUTAGE_GRACE)) {
                    tolerated++;
                } else {
                    problems.add(failure.status() + (failure.retryAfter() ? " with" : " without") + " Retry-After at "
                            + failure.at() + ": " + failure.detail());
                }
            }
        }
        return new Check(
                "no 5xx but 503 with Retry-After in an outage",
                problems.isEmpty(),
                String.format(
                        "%d requests, non-2xx by status %s; %d 503 with Retry-After within a broker or PostgreSQL outage (+%d s); %d others%s",
                        answers.requests(),
                        answers.byStatus(),
                        tolerated,
                        OUTAGE_GRACE.toSeconds(),
                        problems.size(),
                        first(problems)));
    }

    private Map<String, Integer> counts(String sql) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, tenants());
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    counts.put(result.getString(1) + ":" + result.getString(2), result.getInt(3));
                }
            }
        }
        return counts;
    }

    private Array tenants() throws Exception {
        return db.createArrayOf("text", keysByTenant.keySet().toArray());
    }

    private static String first(List<String> items) {
        return items.isEmpty()
                ? ""
                : " (" + items.stream().limit(SHOWN).collect(Collectors.joining("; "))
                        + (items.size() > SHOWN ? "; …" : "") + ")";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
