package io.churnwatch.scoring.alive;

import io.churnwatch.scoring.model.BgNbdModel;
import io.churnwatch.scoring.model.RepeatHistory;
import io.churnwatch.scoring.persistence.BgNbdFitEntity;
import io.churnwatch.scoring.persistence.BgNbdFitRepository;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each tenant's fitted BG/NBD model (cached a minute) and the P(alive) it gives a customer. */
@ApplicationScoped
public class AliveModels {

    private static final long TTL_NANOS = Duration.ofMinutes(1).toNanos();
    private static final double SECONDS_PER_WEEK = Duration.ofDays(7).toSeconds();

    private record Cached(Optional<BgNbdModel> model, long expiresAt) {}

    private final BgNbdFitRepository fits;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AliveModels(BgNbdFitRepository fits) {
        this.fits = fits;
    }

    /** The tenant's model, or empty before its first fit; runs in the caller's session. */
    public Uni<Optional<BgNbdModel>> model(String tenantId) {
        Cached cached = cache.get(tenantId);
        if (cached != null && cached.expiresAt() > System.nanoTime()) {
            return Uni.createFrom().item(cached.model());
        }
        return fits.findById(tenantId)
                .map(AliveModels::toModel)
                .invoke(model -> cache.put(tenantId, new Cached(model, System.nanoTime() + TTL_NANOS)));
    }

    /** Forgets cached models after a refit. */
    public void invalidate() {
        cache.clear();
    }

    /** P(alive) of a customer at {@code now}, or null without a model or without activity. */
    public static Double pAlive(Optional<BgNbdModel> model, CustomerEntity customer, Instant now) {
        return model.isEmpty()
                ? null
                : history(customer, now)
                        .map(h -> model.get().probabilityAlive(h))
                        .orElse(null);
    }

    /**
     * The customer's (x, t_x, T) in weeks as CDNOW is summarised: x = distinct activity days after the
     * first, t_x = first to last activity day, T = first activity day to {@code now}.
     */
    public static Optional<RepeatHistory> history(CustomerEntity customer, Instant now) {
        return history(customer.firstActivityAt, customer.lastActivityAt, customer.activityDays, now);
    }

    /** The same from a customer's first and last activity and their days with activity. */
    public static Optional<RepeatHistory> history(
            Instant firstActivityAt, Instant lastActivityAt, int activityDays, Instant now) {
        if (firstActivityAt == null || lastActivityAt == null || activityDays < 1) {
            return Optional.empty();
        }
        Instant first = startOfDay(firstActivityAt);
        Instant last = startOfDay(lastActivityAt);
        double age = Math.max(weeks(first, now), weeks(first, last));
        int frequency = activityDays - 1;
        return Optional.of(new RepeatHistory(frequency, frequency == 0 ? 0 : weeks(first, last), age));
    }

    private static Optional<BgNbdModel> toModel(BgNbdFitEntity fit) {
        return fit == null ? Optional.empty() : Optional.of(new BgNbdModel(fit.r, fit.alpha, fit.a, fit.b));
    }

    private static Instant startOfDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    private static double weeks(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds() / SECONDS_PER_WEEK);
    }
}
