package io.churnwatch.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tenants and customers of a chaos run and every event each one sends, decided before the run from a seed.
 * Each customer sends the same number of events (give or take one). Three kinds:
 * <ul>
 * <li>steady: usage, logins, likes and purchases at the current time; their risk cannot reach high;</li>
 * <li>complainers: every other event is bad news (complaints, failed payments, downgrades, unsubscribes), about
 * 120 raw points in all against at most 22 points of engagement, so they end critical;</li>
 * <li>silent: their whole history (usage and logins) lies 120 to 60 days back and nothing came since: a gap of at
 * least twelve times a new customer's normal interval of five days, which the usage-gap rule rates 70 points at ten
 * times, so they are high from their first event on.</li>
 * </ul>
 * The events are shuffled, so bad news and old history arrive throughout the run, through the faults; each silent
 * customer's history still arrives oldest first.
 */
final class Population {

    enum Kind {
        STEADY,
        COMPLAINER,
        SILENT
    }

    record Customer(String tenant, String id, Kind kind) {

        String key() {
            return tenant + ":" + id;
        }
    }

    /** One event to post; {@code timestamp} null means the time it is first sent. */
    record PlannedEvent(String messageId, Customer customer, String type, Instant timestamp) {}

    static final String[] STEADY_TYPES = {"usage", "login", "usage", "like", "usage", "purchase"};
    static final String[] BAD_NEWS = {
        "complaint",
        "payment_failed",
        "complaint",
        "downgrade",
        "complaint",
        "unsubscribe",
        "complaint",
        "payment_failed",
        "support_ticket",
        "downgrade"
    };
    static final String[] SILENT_TYPES = {"usage", "login", "usage"};
    static final int COMPLAINERS_PER_HUNDRED = 8;
    static final int SILENT_PER_HUNDRED = 4;
    /** Fewest events per customer for the designed kinds to reach high risk for certain. */
    static final int MIN_EVENTS_PER_CUSTOMER = 10;

    private final List<Customer> customers;
    private final List<PlannedEvent> events;

    private Population(List<Customer> customers, List<PlannedEvent> events) {
        this.customers = customers;
        this.events = events;
    }

    static Population generate(
            List<String> tenants, int customersPerTenant, int totalEvents, long seed, Instant runStart) {
        int customerCount = tenants.size() * customersPerTenant;
        if (totalEvents < MIN_EVENTS_PER_CUSTOMER * customerCount) {
            throw new IllegalArgumentException("need at least " + MIN_EVENTS_PER_CUSTOMER + " events per customer: "
                    + totalEvents + " events for " + customerCount + " customers");
        }
        Random random = new Random(seed);
        List<Customer> customers = new ArrayList<>();
        for (int t = 0; t < tenants.size(); t++) {
            for (int c = 0; c < customersPerTenant; c++) {
                int roll = random.nextInt(100);
                Kind kind = roll < COMPLAINERS_PER_HUNDRED
                        ? Kind.COMPLAINER
                        : roll < COMPLAINERS_PER_HUNDRED + SILENT_PER_HUNDRED ? Kind.SILENT : Kind.STEADY;
                customers.add(new Customer(tenants.get(t), String.format("t%d-c%04d", t + 1, c), kind));
            }
        }
        List<PlannedEvent> events = new ArrayList<>(totalEvents);
        long sequence = 0;
        for (int i = 0; i < customers.size(); i++) {
            Customer customer = customers.get(i);
            int count = totalEvents / customerCount + (i < totalEvents % customerCount ? 1 : 0);
            for (int k = 0; k < count; k++) {
                String messageId = "chaos-" + seed + "-" + sequence++;
                events.add(
                        switch (customer.kind()) {
                            case STEADY ->
                                new PlannedEvent(
                                        messageId, customer, STEADY_TYPES[random.nextInt(STEADY_TYPES.length)], null);
                            case COMPLAINER ->
                                new PlannedEvent(
                                        messageId,
                                        customer,
                                        k % 2 == 1
                                                ? BAD_NEWS[(k / 2) % BAD_NEWS.length]
                                                : STEADY_TYPES[random.nextInt(STEADY_TYPES.length)],
                                        null);
                            case SILENT ->
                                new PlannedEvent(
                                        messageId,
                                        customer,
                                        SILENT_TYPES[random.nextInt(SILENT_TYPES.length)],
                                        silentTime(runStart, k, count));
                        });
            }
        }
        Collections.shuffle(events, random);
        return new Population(List.copyOf(customers), inTimeOrderPerCustomer(events));
    }

    /**
     * Gives each customer's backdated events their times in the order they will be sent: the usage-gap rule learns
     * a customer's normal interval from the gaps between events as they arrive, and old history arriving shuffled
     * would teach it weeks-long "normal" gaps.
     */
    private static List<PlannedEvent> inTimeOrderPerCustomer(List<PlannedEvent> shuffled) {
        Map<Customer, Deque<Instant>> times = new HashMap<>();
        shuffled.stream()
                .filter(e -> e.timestamp() != null)
                .forEach(e -> times.computeIfAbsent(e.customer(), c -> new ArrayDeque<>())
                        .add(e.timestamp()));
        times.replaceAll((customer, list) -> list.stream().sorted().collect(Collectors.toCollection(ArrayDeque::new)));
        return shuffled.stream()
                .map(e -> e.timestamp() == null
                        ? e
                        : new PlannedEvent(
                                e.messageId(),
                                e.customer(),
                                e.type(),
                                times.get(e.customer()).poll()))
                .toList();
    }

    /** Evenly from 120 days before the run to 60 days before it. */
    private static Instant silentTime(Instant runStart, int k, int count) {
        Duration span = Duration.ofDays(60);
        return runStart.minus(Duration.ofDays(120)).plus(span.multipliedBy(k).dividedBy(Math.max(1, count - 1)));
    }

    List<Customer> customers() {
        return customers;
    }

    List<PlannedEvent> events() {
        return events;
    }

    /** Keys ({@code tenant:customer}) of the complainers and the silent: the customers designed to reach high risk. */
    Set<String> designedHigh() {
        Set<String> keys = new LinkedHashSet<>();
        customers.stream().filter(c -> c.kind() != Kind.STEADY).forEach(c -> keys.add(c.key()));
        return keys;
    }

    long count(Kind kind) {
        return customers.stream().filter(c -> c.kind() == kind).count();
    }
}
