package io.churnwatch.alert.service;

import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.RiskChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies a consumed batch of risk changes in ONE transaction. An outage (the database unreachable) is
 * waited out, each attempt in a new transaction. Any other failure sends the batch through again one change
 * per transaction, so that only the change that fails is set aside (for the dead-letter topic).
 */
@ApplicationScoped
public class RiskChangeIntake {

    /** A change that could not be applied, and why. */
    public record Rejected(RiskChange change, String reason) {
    }

    /** The outcome of each applied change (in order) and the changes set aside. */
    public record Result(List<RiskChange> applied, List<EpisodeService.Outcome> outcomes, List<Rejected> rejected) {

        /** Whether an episode was opened, reopened or escalated, which queues deliveries and AlertEvents. */
        public boolean queuedWork() {
            return outcomes.stream().anyMatch(o -> o == EpisodeService.Outcome.OPENED || o == EpisodeService.Outcome.REOPENED
                    || o == EpisodeService.Outcome.ESCALATED);
        }
    }

    private static final Logger LOG = Logger.getLogger(RiskChangeIntake.class);

    private final EpisodeService episodes;

    public RiskChangeIntake(EpisodeService episodes) {
        this.episodes = episodes;
    }

    public Uni<Result> apply(List<RiskChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(new Result(List.of(), List.of(), List.of()));
        }
        return inOneTransaction(changes).map(outcomes -> new Result(changes, outcomes, List.of()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("A batch of %d risk changes failed (%s); applying them one at a time", changes.size(), failure.toString());
                    return oneByOne(changes);
                });
    }

    private Uni<Result> oneByOne(List<RiskChange> changes) {
        List<RiskChange> applied = new ArrayList<>();
        List<EpisodeService.Outcome> outcomes = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        return Multi.createFrom().iterable(changes).onItem().transformToUniAndConcatenate(change -> inOneTransaction(List.of(change))
                        .invoke(outcome -> {
                            applied.add(change);
                            outcomes.add(outcome.get(0));
                        })
                        .onFailure().invoke(failure -> {
                            LOG.warnf("Risk change %s of tenant %s could not be applied: %s", change.changeId(), change.tenant(), failure.toString());
                            rejected.add(new Rejected(change, "could not be applied: " + failure));
                        })
                        .onFailure().recoverWithNull())
                .collect().last()
                .map(ignored -> new Result(applied, outcomes, rejected));
    }

    private Uni<List<EpisodeService.Outcome>> inOneTransaction(List<RiskChange> changes) {
        return TransientFailures.retrying(Uni.createFrom().deferred(() -> Panache.withTransaction(() -> episodes.applyAll(changes))), 0);
    }
}
