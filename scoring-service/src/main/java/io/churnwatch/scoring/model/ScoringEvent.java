package io.churnwatch.scoring.model;

import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * The part of an interaction event the scoring core reads.
 *
 * @param type the event's wire name, known ({@link EventType#wireName()}) or custom
 * @param at the event time (not the time it was received)
 * @param npsScore the answer 0-10 of an {@code nps} event, otherwise null
 * @param traits traits carried by identify and group events, otherwise null
 */
public record ScoringEvent(String type, Instant at, Integer npsScore, CustomerTraits traits) {

    public ScoringEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (EventType.NPS.wireName().equals(type) && (npsScore == null || npsScore < 0 || npsScore > 10)) {
            throw new IllegalArgumentException("an nps event needs a score from 0 to 10, got " + npsScore);
        }
    }

    public static ScoringEvent of(EventType type, Instant at) {
        return new ScoringEvent(type.wireName(), at, null, null);
    }

    public static ScoringEvent of(String type, Instant at) {
        return new ScoringEvent(type, at, null, null);
    }

    public static ScoringEvent nps(int score, Instant at) {
        return new ScoringEvent(EventType.NPS.wireName(), at, score, null);
    }

    public static ScoringEvent identify(CustomerTraits traits, Instant at) {
        return new ScoringEvent(EventType.IDENTIFY.wireName(), at, null, traits);
    }

    public boolean is(EventType eventType) {
        return eventType.wireName().equals(type);
    }
}
