package io.churnwatch.alert.delivery;

import io.churnwatch.alert.persistence.RecipientDay;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The daily re-notification cap within one transaction: a recipient's (or shared channel's) row for the
 * day is locked when first asked for, then counted in memory and written at commit.
 */
public final class DailyCaps {

    private final int cap;
    private final Map<String, RecipientDay> days = new HashMap<>();

    public DailyCaps(int cap) {
        this.cap = cap;
    }

    /** Counts one re-notification for {@code capKey} on {@code day}; false when the cap was already reached. */
    public Uni<Boolean> take(String tenant, String capKey, LocalDate day) {
        String id = tenant + "/" + capKey + "/" + day;
        RecipientDay known = days.get(id);
        if (known != null) {
            return Uni.createFrom().item(count(known));
        }
        return RecipientDay.<RecipientDay>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(found -> {
                    if (found == null) {
                        RecipientDay first = new RecipientDay();
                        first.id = id;
                        first.day = day;
                        first.sent = 1;
                        days.put(id, first);
                        return first.persist().replaceWith(true);
                    }
                    days.put(id, found);
                    return Uni.createFrom().item(count(found));
                });
    }

    private boolean count(RecipientDay day) {
        if (day.sent >= cap) {
            return false;
        }
        day.sent++;
        return true;
    }
}
