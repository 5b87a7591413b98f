package io.churnwatch.scoring.state;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.persistence.CustomerEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of recently scored customers, parsed, so the next batch of a busy customer skips reading
 * the JSON document again. An entry is used only when the row just loaded (and locked) still holds the
 * very document the entry was written as, so a change by anyone else (the gap scan, another instance
 * after a rebalance, a rolled-back batch) is never missed. Taking an entry removes it: the state object
 * is then mutated by the batch and comes back only once that batch has committed.
 */
@ApplicationScoped
public class StateCache {

    private record Entry(String document, CustomerState state) {}

    private final int capacity;
    private final Map<String, Entry> entries;

    public StateCache(ScoringConfig config) {
        this.capacity = config.stateCacheSize();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The customer's state: the cached object when it matches the loaded document, else parsed from it. */
    public CustomerState take(CustomerEntity customer) {
        Entry entry;
        synchronized (entries) {
            entry = entries.remove(key(customer));
        }
        return entry != null && entry.document().equals(customer.state) ? entry.state() : customer.toState();
    }

    /** Remembers committed states; {@code states.get(i)} is what {@code customers.get(i).state} was written from. */
    public void remember(List<CustomerEntity> customers, List<CustomerState> states) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            for (int i = 0; i < customers.size(); i++) {
                entries.put(key(customers.get(i)), new Entry(customers.get(i).state, states.get(i)));
            }
        }
    }

    /** Whether the next {@link #take} of this row would use a remembered state. */
    boolean holds(CustomerEntity customer) {
        synchronized (entries) {
            Entry entry = entries.get(key(customer));
            return entry != null && entry.document().equals(customer.state);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String key(CustomerEntity customer) {
        return customer.tenantId + '\u0000' + customer.customerId;
    }
}
