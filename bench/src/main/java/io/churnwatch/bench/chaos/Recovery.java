package io.churnwatch.bench.chaos;

import io.churnwatch.bench.PipelineProbe;
import io.churnwatch.events.Topics;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits until the pipeline has caught up after the faults: scoring's offsets stored in PostgreSQL at the end of
 * the event topic and its outbox sent; alert-service's group at the end of the risk-change topic and both its
 * outboxes (deliveries, alert events) drained. All must hold at two looks a few seconds apart.
 */
final class Recovery {

    static final String SCORING_GROUP = "churnwatch-scoring";
    static final String ALERT_GROUP = "alert-service";
    private static final Duration LOOK_EVERY = Duration.ofSeconds(2);

    private Recovery() {}

    /** The state at one look; {@code caughtUp} when there is nothing left anywhere. */
    record State(long scoringLag, long scoringOutbox, long alertLag, long alertDeliveries, long alertEvents) {

        boolean caughtUp() {
            return scoringLag == 0 && scoringOutbox == 0 && alertLag == 0 && alertDeliveries == 0 && alertEvents == 0;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "scoring lag %d, scoring outbox %d, alert lag %d, deliveries pending %d, alert events unsent %d",
                    scoringLag,
                    scoringOutbox,
                    alertLag,
                    alertDeliveries,
                    alertEvents);
        }
    }

    /** Waits up to {@code timeout}; answers the last state seen (caught up, or not when the time ran out). */
    static State await(PipelineProbe probe, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean seenOnce = false;
        State state = look(probe);
        while (System.nanoTime() < deadline) {
            if (state.caughtUp() && seenOnce) {
                return state;
            }
            seenOnce = state.caughtUp();
            Thread.sleep(LOOK_EVERY.toMillis());
            state = look(probe);
        }
        return state;
    }

    static State look(PipelineProbe probe) throws Exception {
        return new State(
                probe.storedLag(SCORING_GROUP, Topics.EVENTS),
                probe.unsentOutbox(),
                probe.kafkaLag(ALERT_GROUP, Topics.RISK_CHANGES),
                count(probe, "SELECT count(*) FROM alert.outbox WHERE state IN ('pending', 'sending')"),
                count(probe, "SELECT count(*) FROM alert.event_outbox WHERE sent_at IS NULL"));
    }

    private static long count(PipelineProbe probe, String sql) throws SQLException {
        try (PreparedStatement query = probe.db().prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
