package io.churnwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.learning.ModelTraining;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * What scoring with a trained model costs, for {@code bench/scoring-bench --learned}: the customers' state
 * of the rules run is wiped (so the model run, in a new Kafka group, applies the same events to the same empty
 * start), and a model trained as the service trains one ({@link ModelTraining#train}, 150 rounds at most)
 * is stored as the tenant's, for the service to load at its first learning check.
 */
final class InferenceCost {

    private static final int CUSTOMERS = 5_000;

    private InferenceCost() {}

    static void installModel(Connection db, String tenant) throws Exception {
        try (Statement s = db.createStatement()) {
            // The stored offsets go too: the service reads them under its fixed group name, whatever Kafka group it
            // joins.
            s.executeUpdate(
                    "TRUNCATE scoring.customers, scoring.customer_events, scoring.score_history, scoring.outbox,"
                            + " scoring.processed_messages, scoring.churn_snapshots, scoring.outcomes, scoring.tenant_clocks, scoring.bgnbd_fits,"
                            + " scoring.consumer_offsets");
        }
        Instant now = TrainingBenchmark.START.plus(Duration.ofDays(7L * TrainingBenchmark.WEEKS));
        ModelTraining.Trained trained = ModelTraining.train(TrainingBenchmark.examples(CUSTOMERS, 1.0, now), 150);
        ObjectMapper json = ContractJson.mapper();
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO scoring.churn_models (tenant_id, version, trained_at, features, booster, calibration, validation,
                    rows_used, positives, churns) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, tenant);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setArray(3, db.createArrayOf("text", trained.schema().names().toArray()));
            insert.setBytes(4, trained.booster());
            insert.setString(5, json.writeValueAsString(trained.calibration()));
            insert.setString(6, json.writeValueAsString(trained.validationCurve()));
            insert.setInt(7, trained.rows());
            insert.setInt(8, trained.positives());
            insert.setInt(9, trained.positives());
            insert.executeUpdate();
        }
        say(
                "   model m1 of %s: %d trees, %d features, trained on %,d snapshots",
                tenant, trained.rounds(), trained.schema().size(), trained.rows());
    }

    /** The share of the tenant's risk changes that a trained model made. */
    static double scoredByModel(Connection db, String tenant) throws Exception {
        try (PreparedStatement q = db.prepareStatement("""
                SELECT count(*) FILTER (WHERE convert_from(payload, 'UTF8') NOT LIKE '%"modelVersion":"rules"%'), count(*)
                FROM scoring.outbox WHERE tenant_id = ? AND topic = ?""")) {
            q.setString(1, tenant);
            q.setString(2, Topics.RISK_CHANGES);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(2) == 0 ? 0 : rs.getLong(1) / (double) rs.getLong(2);
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
