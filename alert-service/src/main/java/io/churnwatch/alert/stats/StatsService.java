package io.churnwatch.alert.stats;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Alert statistics of one tenant: episodes by state, time to acknowledge, precision per rule and kind, win-back rate. */
@ApplicationScoped
public class StatsService {

    /** Precision of one rule and kind: resolved saved or churned (real risk) against false alarms. */
    public record Precision(String rule, String kind, long saved, long churned, long falseAlarms, Double precision) {}

    /** Time from opening to acknowledgement, in seconds, over the acknowledged episodes. */
    public record TimeToAcknowledge(long acknowledged, Double meanSeconds, Double medianSeconds) {}

    /**
     * Win-back: of the episodes resolved as {@code churned}, those whose customer the team recorded as won back
     * ({@code POST /v1/alerts/{id}/won-back}). {@code rate} is wonBack / churned, null when nobody churned.
     * The sources' benchmark is one lost customer in four won back.
     */
    public record WinBack(long churned, long wonBack, Double rate) {}

    public record Stats(
            Map<String, Long> byState,
            TimeToAcknowledge timeToAcknowledge,
            List<Precision> precision,
            WinBack winBack) {}

    private final Pool pool;

    public StatsService(Pool pool) {
        this.pool = pool;
    }

    public Uni<Stats> stats(String tenant) {
        Tuple tenantOnly = Tuple.of(tenant);
        Uni<Map<String, Long>> byState = pool.preparedQuery(
                        "SELECT state, count(*) AS n FROM alert.episodes WHERE tenant = $1 GROUP BY state")
                .execute(tenantOnly)
                .map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (String state : List.of("open", "acknowledged", "snoozed", "resolved")) {
                        counts.put(state, 0L);
                    }
                    rows.forEach(r -> counts.put(r.getString("state").toLowerCase(Locale.ROOT), r.getLong("n")));
                    return counts;
                });
        Uni<TimeToAcknowledge> ack = pool.preparedQuery("""
                SELECT count(*) AS n, avg(s) AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median
                FROM (SELECT extract(epoch FROM acknowledged_at - opened_at)::float8 AS s FROM alert.episodes
                      WHERE tenant = $1 AND acknowledged_at IS NOT NULL) t""").execute(tenantOnly).map(rows -> {
            var r = rows.iterator().next();
            return new TimeToAcknowledge(r.getLong("n"), r.getDouble("mean"), r.getDouble("median"));
        });
        Uni<List<Precision>> precision = pool.preparedQuery("""
                SELECT coalesce(r.name, '(no rule)') AS rule, e.kind,
                       count(*) FILTER (WHERE e.outcome = 'saved') AS saved,
                       count(*) FILTER (WHERE e.outcome = 'churned') AS churned,
                       count(*) FILTER (WHERE e.outcome = 'false_alarm') AS false_alarms
                FROM alert.episodes e LEFT JOIN alert.routing_rules r ON r.id = e.rule_id AND r.tenant = e.tenant
                WHERE e.tenant = $1 AND e.state = 'RESOLVED'
                GROUP BY 1, 2 ORDER BY 1, 2""")
                .execute(tenantOnly)
                .map(rows -> {
                    List<Precision> list = new ArrayList<>();
                    rows.forEach(r -> {
                        long real = r.getLong("saved") + r.getLong("churned");
                        long total = real + r.getLong("false_alarms");
                        list.add(new Precision(
                                r.getString("rule"),
                                r.getString("kind"),
                                r.getLong("saved"),
                                r.getLong("churned"),
                                r.getLong("false_alarms"),
                                total == 0 ? null : (double) real / total));
                    });
                    return list;
                });
        Uni<WinBack> winBack = pool.preparedQuery("""
                SELECT count(*) AS churned, count(won_back_at) AS won_back FROM alert.episodes
                WHERE tenant = $1 AND state = 'RESOLVED' AND outcome = 'churned'""").execute(tenantOnly).map(rows -> {
            var r = rows.iterator().next();
            long churned = r.getLong("churned");
            long won = r.getLong("won_back");
            return new WinBack(churned, won, churned == 0 ? null : (double) won / churned);
        });
        return Uni.combine().all().unis(byState, ack, precision, winBack).with(Stats::new);
    }
}
