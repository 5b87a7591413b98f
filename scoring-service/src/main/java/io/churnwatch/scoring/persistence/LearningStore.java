package io.churnwatch.scoring.persistence;

import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.PeerStats;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL of the learned model: snapshots in bulk, the models' versions and the peer statistics (the churns that
 * label snapshots are {@link OutcomeRepository}'s), all in the caller's session (the {@link BulkWriter} style).
 */
@ApplicationScoped
public class LearningStore {

    /** A snapshot of a tenant's customer. */
    public record SnapshotRow(String tenantId, ChurnSnapshot snapshot) {}

    /** A stored model version with what is needed to load it. */
    public record ModelRow(
            String tenantId,
            String segment,
            int version,
            Instant trainedAt,
            List<String> features,
            byte[] booster,
            String calibration,
            String validation) {}

    private static final String INSERT_SNAPSHOTS = """
            INSERT INTO scoring.churn_snapshots (tenant_id, customer_id, taken_at, base, type_names, type_values)
            SELECT r.tenant_id, r.customer_id, r.taken_at, r.base, r.type_names, r.type_values
            FROM json_to_recordset(cast(cast(?1 as text) as json))
                AS r(n int, tenant_id text, customer_id text, taken_at timestamptz, base real[], type_names text[],
                     type_values real[])
            ORDER BY r.n
            ON CONFLICT DO NOTHING""";
    private static final String QUANTILES = IntStream.range(0, PeerStats.QUANTILES)
            .mapToObj(i -> Double.toString(i / (double) (PeerStats.QUANTILES - 1)))
            .collect(Collectors.joining(","));
    /** Live = not churned; silence in days at ?2; one row per segment and one (segment null, grouped) for the tenant. */
    private static final String PEERS = """
            SELECT segment, grouping(segment) AS whole,
                   count(*) FILTER (WHERE status <> 'CHURNED') AS live,
                   avg(CASE WHEN last_activity_at > cast(?2 as timestamptz) - interval '7 days' THEN 1.0 ELSE 0 END) FILTER (WHERE status <> 'CHURNED'),
                   avg(CASE WHEN last_activity_at > cast(?2 as timestamptz) - interval '14 days' THEN 1.0 ELSE 0 END) FILTER (WHERE status <> 'CHURNED'),
                   avg(CASE WHEN last_activity_at > cast(?2 as timestamptz) - interval '28 days' THEN 1.0 ELSE 0 END) FILTER (WHERE status <> 'CHURNED'),
                   array_to_string(percentile_cont(array[%s]) WITHIN GROUP (ORDER BY
                       greatest(0, extract(epoch FROM cast(?2 as timestamptz) - coalesce(last_activity_at, first_seen_at)) / 86400))
                       FILTER (WHERE status <> 'CHURNED'), ','),
                   extract(epoch FROM cast(?2 as timestamptz)) / 86400 - percentile_cont(0.5) WITHIN GROUP (ORDER BY
                       extract(epoch FROM first_seen_at) / 86400) FILTER (WHERE status <> 'CHURNED'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY activity_total) FILTER (WHERE status <> 'CHURNED'),
                   count(*) FILTER (WHERE status = 'CHURNED' AND status_changed_at > cast(?2 as timestamptz) - interval '28 days'),
                   count(DISTINCT coalesce(owner, '')) FILTER (WHERE status <> 'CHURNED')
            FROM scoring.customers
            WHERE tenant_id = ?1 AND first_seen_at <= cast(?2 as timestamptz)
            GROUP BY GROUPING SETS ((segment), ())""".formatted(QUANTILES);

    public Uni<Void> insertSnapshots(Collection<SnapshotRow> snapshots) {
        if (snapshots.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        JsonRows rows = new JsonRows();
        for (SnapshotRow row : snapshots) {
            ChurnSnapshot s = row.snapshot();
            List<String> names = new ArrayList<>(s.types().keySet());
            float[] values = new float[names.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = s.types().get(names.get(i));
            }
            rows.row()
                    .put("tenant_id", row.tenantId())
                    .put("customer_id", s.customerId())
                    .put("taken_at", s.at())
                    .put("base", s.base())
                    .put("type_names", names)
                    .put("type_values", values);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery(INSERT_SNAPSHOTS)
                        .setParameter(1, rows.toJson())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Snapshot rows as read: a training set is large, so they are parsed by {@link #parse} off the event loop. */
    public record StoredSnapshots(List<Object[]> rows) {
        public List<ChurnSnapshot> parse() {
            return rows.stream().map(LearningStore::snapshot).toList();
        }
    }

    /** Snapshots of a tenant taken by {@code until}, churners' always, the others' with probability {@code sampleRate}. */
    public Uni<StoredSnapshots> snapshots(
            String tenantId, Instant until, Collection<String> churners, double sampleRate) {
        String sql = """
                SELECT customer_id, taken_at, array_to_string(base, ',', 'NaN'), cast(to_json(type_names) as text),
                       array_to_string(type_values, ',', 'NaN')
                FROM scoring.churn_snapshots
                WHERE tenant_id = ?1 AND taken_at <= ?2 AND (customer_id = ANY(cast(?3 as text[])) OR random() < ?4)""";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, until)
                        .setParameter(3, churners.toArray(String[]::new))
                        .setParameter(4, sampleRate)
                        .getResultList())
                .map(StoredSnapshots::new);
    }

    public Uni<Long> countSnapshots(String tenantId, Instant until) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT count(*) FROM scoring.churn_snapshots WHERE tenant_id = ?1 AND taken_at <= ?2",
                                Long.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, until)
                        .getSingleResult());
    }

    public Uni<Void> saveModel(ModelRow model, int rows, int positives, int churns) {
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery("""
                INSERT INTO scoring.churn_models (tenant_id, segment, version, trained_at, features, booster, calibration,
                    validation, rows_used, positives, churns)
                VALUES (?1, ?11, ?2, ?3, cast(?4 as text[]), ?5, ?6, ?7, ?8, ?9, ?10)""")
                        .setParameter(1, model.tenantId())
                        .setParameter(2, model.version())
                        .setParameter(3, model.trainedAt())
                        .setParameter(4, model.features().toArray(String[]::new))
                        .setParameter(5, model.booster())
                        .setParameter(6, model.calibration())
                        .setParameter(7, model.validation())
                        .setParameter(8, rows)
                        .setParameter(9, positives)
                        .setParameter(10, churns)
                        .setParameter(11, model.segment())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The tenant's newest model per segment ({@code ""}: the whole tenant's) among those with a version above
     * {@code after} (0: any), so a check that finds nothing new reads no booster.
     */
    public Uni<List<ModelRow>> newerModels(String tenantId, int after) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                SELECT DISTINCT ON (segment) tenant_id, segment, version, trained_at, cast(to_json(features) as text), booster,
                       calibration, validation
                FROM scoring.churn_models WHERE tenant_id = ?1 AND version > ?2
                ORDER BY segment, version DESC""", Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, after)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new ModelRow(
                                (String) r[0],
                                (String) r[1],
                                ((Number) r[2]).intValue(),
                                instant(r[3]),
                                JsonArrays.strings((String) r[4]),
                                (byte[]) r[5],
                                (String) r[6],
                                (String) r[7]))
                        .toList());
    }

    /** The segment of each of the tenant's customers that has one. */
    public Uni<Map<String, String>> segments(String tenantId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT customer_id, segment FROM scoring.customers WHERE tenant_id = ?1 AND segment IS NOT NULL",
                                Object[].class)
                        .setParameter(1, tenantId)
                        .getResultList())
                .map(rows -> {
                    Map<String, String> segments = new HashMap<>();
                    rows.forEach(r -> segments.put((String) r[0], (String) r[1]));
                    return segments;
                });
    }

    /**
     * A tenant's peers at one instant: per segment ({@code ""} for none), for the whole tenant (null when it has no
     * live customers), and how many distinct owners its live customers have (those without one count as one more).
     */
    public record TenantPeers(Map<String, PeerStats> bySegment, PeerStats tenant, long owners) {}

    public Uni<TenantPeers> peers(String tenantId, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(PEERS, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, now)
                        .getResultList())
                .map(rows -> {
                    Map<String, PeerStats> bySegment = new HashMap<>();
                    PeerStats tenant = null;
                    long owners = 0;
                    for (Object[] r : rows) {
                        int live = ((Number) r[2]).intValue();
                        boolean whole = ((Number) r[1]).intValue() == 1;
                        if (whole) {
                            owners = ((Number) r[10]).longValue();
                        }
                        if (live == 0 || r[6] == null) {
                            continue;
                        }
                        double churned = ((Number) r[9]).doubleValue();
                        PeerStats peers = new PeerStats(
                                live,
                                number(r[3]),
                                number(r[4]),
                                number(r[5]),
                                JsonArrays.doubles((String) r[6]),
                                number(r[7]),
                                number(r[8]),
                                churned / (live + churned));
                        if (whole) {
                            tenant = peers;
                        } else {
                            bySegment.put(r[0] == null ? "" : (String) r[0], peers);
                        }
                    }
                    return new TenantPeers(bySegment, tenant, owners);
                });
    }

    private static ChurnSnapshot snapshot(Object[] r) {
        float[] base = JsonArrays.floats((String) r[2]);
        List<String> names = JsonArrays.strings((String) r[3]);
        float[] values = JsonArrays.floats((String) r[4]);
        Map<String, Float> types = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            types.put(names.get(i), values[i]);
        }
        return new ChurnSnapshot((String) r[0], instant(r[1]), base, types);
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
