package io.churnwatch.bench.chaos;

import io.churnwatch.bench.chaos.Population.PlannedEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What ingest answered for each planned messageId, and from that what scoring must hold: every messageId that
 * was ever answered {@code accepted}, or {@code duplicate} (accepted by an earlier attempt whose answer may have
 * been lost), counts exactly once for its customer, however many attempts it took. Thread-safe.
 */
final class GroundTruth {

    /** An event's status in an ingest answer, as on the wire. */
    enum Answer {
        ACCEPTED,
        DUPLICATE,
        NOT_ACCEPTED,
        REJECTED;

        static Answer of(String wire) {
            return switch (wire) {
                case "accepted" -> ACCEPTED;
                case "duplicate" -> DUPLICATE;
                case "not_accepted" -> NOT_ACCEPTED;
                default -> REJECTED;
            };
        }

        boolean settles() {
            return this != NOT_ACCEPTED;
        }
    }

    private final Map<String, PlannedEvent> planned = new HashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> confirmedByDuplicate = ConcurrentHashMap.newKeySet();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Map<Answer, AtomicLong> answers = new ConcurrentHashMap<>();

    GroundTruth(Collection<PlannedEvent> events) {
        events.forEach(e -> planned.put(e.messageId(), e));
    }

    /** Notes one answer for one event; true when it needs no retry. */
    boolean note(String messageId, Answer answer) {
        if (!planned.containsKey(messageId)) {
            throw new IllegalArgumentException("ingest answered for a messageId that was never sent: " + messageId);
        }
        answers.computeIfAbsent(answer, a -> new AtomicLong()).incrementAndGet();
        switch (answer) {
            case ACCEPTED -> confirmed.add(messageId);
            case DUPLICATE -> {
                if (confirmed.add(messageId)) {
                    confirmedByDuplicate.add(messageId);
                }
            }
            case REJECTED -> rejected.add(messageId);
            case NOT_ACCEPTED -> {
                // retried by the caller
            }
        }
        return answer.settles();
    }

    /** Per customer key ({@code tenant:customer}), how many of its events must be in scoring's state. */
    Map<String, Long> expectedPerCustomer() {
        Map<String, Long> counts = new TreeMap<>();
        for (String id : confirmed) {
            counts.merge(planned.get(id).customer().key(), 1L, Long::sum);
        }
        return counts;
    }

    /** Per customer key, the messageIds that must be in scoring's state. */
    Map<String, Set<String>> confirmedByCustomer() {
        Map<String, Set<String>> ids = new TreeMap<>();
        for (String id : confirmed) {
            ids.computeIfAbsent(planned.get(id).customer().key(), k -> new TreeSet<>())
                    .add(id);
        }
        return ids;
    }

    boolean isConfirmed(String messageId) {
        return confirmed.contains(messageId);
    }

    Set<String> confirmed() {
        return Set.copyOf(confirmed);
    }

    /** Planned events neither confirmed nor rejected: the load gave up on them (or never sent them). */
    List<String> unsettled() {
        return planned.keySet().stream()
                .filter(id -> !confirmed.contains(id) && !rejected.contains(id))
                .sorted()
                .toList();
    }

    Set<String> rejected() {
        return Set.copyOf(rejected);
    }

    /** Events first confirmed by a {@code duplicate} answer: an earlier attempt was written, its answer lost. */
    int confirmedByDuplicate() {
        return confirmedByDuplicate.size();
    }

    long answers(Answer answer) {
        AtomicLong count = answers.get(answer);
        return count == null ? 0 : count.get();
    }

    PlannedEvent event(String messageId) {
        return planned.get(messageId);
    }
}
