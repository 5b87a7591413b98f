package io.churnwatch.scoring.state;

import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.model.ScoringEvent;
import io.churnwatch.scoring.model.SignalPolicy;
import io.churnwatch.scoring.persistence.CustomerEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps the activity summary BG/NBD reads (first activity, distinct activity days) as events are
 * applied. Call before the event is applied to the state. A late activity event on a day between the
 * first and the last one seen is not counted: the days themselves are not stored.
 */
final class ActivityDays {

    private ActivityDays() {}

    static void count(CustomerEntity customer, CustomerState state, ScoringEvent event, SignalPolicy policy) {
        if (!policy.usageGap().activityTypes().contains(event.type())) {
            return;
        }
        Instant last = state.getLastActivityAt();
        Instant first = customer.firstActivityAt;
        if (last == null || first == null) {
            customer.firstActivityAt = event.at();
            customer.activityDays = 1;
        } else if (day(event.at()).isAfter(day(last))) {
            customer.activityDays++;
        } else if (day(event.at()).isBefore(day(first))) {
            customer.firstActivityAt = event.at();
            customer.activityDays++;
        } else if (event.at().isBefore(first)) {
            customer.firstActivityAt = event.at();
        }
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
