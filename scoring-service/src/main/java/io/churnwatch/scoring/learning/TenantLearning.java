package io.churnwatch.scoring.learning;

import io.churnwatch.scoring.model.PeerStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What rescoring needs of the learned model, in memory: each tenant's newest models (the whole tenant's and
 * those of segments with enough churns of their own, each with its validation curve) and its peers'
 * statistics, replaced by {@link LearningJobs}. A model is looked up by the customer's tenant first, so a
 * model trained for one tenant never scores another's customers.
 */
@ApplicationScoped
public class TenantLearning {

    /** A tenant's model and the validation curve its level thresholds are read from. */
    public record Active(ChurnModel model, List<double[]> curve) {}

    /**
     * A tenant's peers per segment ({@code ""} for none) and for the whole tenant, as of {@code at}, and how many
     * distinct owners its live customers have.
     */
    public record Peers(Instant at, Map<String, PeerStats> bySegment, PeerStats tenant, long owners) {}

    private final Map<String, Map<String, Active>> models = new ConcurrentHashMap<>();
    private final Map<String, Peers> peers = new ConcurrentHashMap<>();

    /** The tenant's whole-tenant model. */
    public Optional<Active> model(String tenantId) {
        return model(tenantId, "");
    }

    /** The model for a customer of this segment: the segment's own, else the tenant's. */
    public Optional<Active> model(String tenantId, String segment) {
        Map<String, Active> own = models.get(tenantId);
        if (own == null) {
            return Optional.empty();
        }
        Active bySegment = segment == null || segment.isEmpty() ? null : own.get(segment);
        return Optional.ofNullable(bySegment != null ? bySegment : own.get(""));
    }

    /** The newest version among the tenant's models, 0 without any. */
    public int newestVersion(String tenantId) {
        return models.getOrDefault(tenantId, Map.of()).values().stream()
                .mapToInt(a -> a.model().version())
                .max()
                .orElse(0);
    }

    void use(Active active) {
        models.computeIfAbsent(active.model().tenantId(), t -> new ConcurrentHashMap<>())
                .merge(
                        active.model().segment(),
                        active,
                        (old, fresh) -> fresh.model().version() >= old.model().version() ? fresh : old);
    }

    /** The statistics of the segment's peers, or of the tenant's when the segment has fewer than {@code minPeers}. */
    public PeerStats peers(String tenantId, String segment, int minPeers) {
        Peers known = peers.get(tenantId);
        if (known == null) {
            return null;
        }
        PeerStats own = known.bySegment().get(segment == null ? "" : segment);
        return own != null && own.live() >= minPeers ? own : known.tenant();
    }

    /** Live customers per owner (customers without an owner share one), NaN before the peers are known. */
    public double customersPerOwner(String tenantId) {
        Peers known = peers.get(tenantId);
        if (known == null || known.tenant() == null) {
            return Double.NaN;
        }
        return known.tenant().live() / (double) Math.max(1, known.owners());
    }

    Optional<Instant> peersAt(String tenantId) {
        return Optional.ofNullable(peers.get(tenantId)).map(Peers::at);
    }

    void usePeers(String tenantId, Peers fresh) {
        peers.put(tenantId, fresh);
    }

    /** Forgets everything (tests). */
    public void clear() {
        models.clear();
        peers.clear();
    }
}
