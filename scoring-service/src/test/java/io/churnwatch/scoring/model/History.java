package io.churnwatch.scoring.model;

import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds event histories on a day grid for tests: day 0 is {@link #DAY_ZERO}. */
final class History {

    static final Instant DAY_ZERO = Instant.parse("2026-01-05T09:00:00Z");

    private final List<ScoringEvent> events = new ArrayList<>();

    static Instant day(double day) {
        return DAY_ZERO.plus(Duration.ofMinutes(Math.round(day * 24 * 60)));
    }

    History every(EventType type, double fromDay, double toDay, double stepDays) {
        for (double d = fromDay; d <= toDay + 1e-9; d += stepDays) {
            events.add(ScoringEvent.of(type, day(d)));
        }
        return this;
    }

    History at(EventType type, double... days) {
        for (double d : days) {
            events.add(ScoringEvent.of(type, day(d)));
        }
        return this;
    }

    History nps(int score, double d) {
        events.add(ScoringEvent.nps(score, day(d)));
        return this;
    }

    History traits(CustomerTraits traits, double d) {
        events.add(ScoringEvent.identify(traits, day(d)));
        return this;
    }

    List<ScoringEvent> events() {
        return List.copyOf(events);
    }

    CustomerState state(SignalPolicy policy) {
        return apply(events, policy);
    }

    static CustomerState apply(List<ScoringEvent> events, SignalPolicy policy) {
        CustomerState state = new CustomerState();
        events.forEach(event -> state.apply(event, policy));
        return state;
    }
}
