package io.churnwatch.alert.episode;

import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.RiskChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies a consumed batch of risk changes in ONE transaction. An outage (the database unreachable) is
 * waited out, each attempt in a new transaction. Any other failure splits the batch in halves applied apart,
 * recursively, so that only a change that fails on its own is set aside (for the dead-letter topic).
 */
@ApplicationScoped
public class RiskChangeIntake {

    /** A change that could not be applied, and why. */
    public record Rejected(RiskChange change, String reason) {}

    /** The outcome of each applied change (in order) and the changes set aside. */
    public record Result(List<RiskChange> applied, List<EpisodeService.Outcome> outcomes, List<Rejected> rejected) {

        /** Both outcomes in order, for a batch applied in parts. */
        Result plus(Result other) {
            return new Result(
                    concat(applied, other.applied), concat(outcomes, other.outcomes), concat(rejected, other.rejected));
        }

        private static <T> List<T> concat(List<T> first, List<T> second) {
            List<T> both = new ArrayList<>(first);
            both.addAll(second);
            return both;
        }

        /** Whether an episode was opened, reopened or escalated, which queues deliveries and AlertEvents. */
        public boolean queuedWork() {
            return outcomes.stream()
                    .anyMatch(o -> o == EpisodeService.Outcome.OPENED
                            || o == EpisodeService.Outcome.REOPENED
                            || o == EpisodeService.Outcome.ESCALATED);
        }
    }

    private static final Logger LOG = Logger.getLogger(RiskChangeIntake.class);

    private final EpisodeService episodes;
    private volatile boolean stopping;

    public RiskChangeIntake(EpisodeService episodes) {
        this.episodes = episodes;
    }

    public Uni<Result> apply(List<RiskChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(new Result(List.of(), List.of(), List.of()));
        }
        return inOneTransaction(changes)
                .map(outcomes -> new Result(changes, outcomes, List.of()))
                .onFailure()
                .recoverWithUni(failure -> bisect(changes, failure));
    }

    /**
     * After a failure that is not an outage: the halves in their own transactions, recursively, so that only a
     * change that fails on its own is set aside, with the error, and every other change is applied in order.
     */
    private Uni<Result> bisect(List<RiskChange> changes, Throwable failure) {
        if (stopping) {
            // The pool and session close under a stopping service: its failures say nothing about the changes.
            return Uni.createFrom().failure(failure);
        }
        if (changes.size() == 1) {
            RiskChange change = changes.get(0);
            String reason = "could not be applied: " + TransientFailures.describe(failure);
            LOG.warnf("Risk change %s of tenant %s set aside: %s", change.changeId(), change.tenant(), reason);
            return Uni.createFrom().item(new Result(List.of(), List.of(), List.of(new Rejected(change, reason))));
        }
        LOG.warnf(
                "A batch of %d risk changes failed (%s); applying its halves apart",
                changes.size(), TransientFailures.describe(failure));
        int half = changes.size() / 2;
        return apply(changes.subList(0, half))
                .chain(first -> apply(changes.subList(half, changes.size())).map(first::plus));
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private Uni<List<EpisodeService.Outcome>> inOneTransaction(List<RiskChange> changes) {
        return TransientFailures.retrying(
                Uni.createFrom().deferred(() -> Panache.withTransaction(() -> episodes.applyAll(changes))), 0);
    }
}
