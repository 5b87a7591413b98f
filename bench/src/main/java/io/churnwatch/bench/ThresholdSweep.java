package io.churnwatch.bench;

import io.churnwatch.scoring.model.WarningEvaluation;
import io.churnwatch.scoring.model.WarningEvaluation.Alert;
import io.churnwatch.scoring.model.WarningEvaluation.CustomerLabel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The precision / recall frontier of a replay over HIGH thresholds on the recorded score: for each
 * threshold, a customer enters alerting when a rescoring's score reaches it and leaves when a score
 * falls below threshold × hysteresis; every entry is an alert, scored with {@link WarningEvaluation}.
 * With a learned model the score is 100 × the calibrated probability, so this sweeps the probability.
 *
 * @param thresholds the HIGH thresholds to try, on the 0-100 score
 * @param hysteresis the leave threshold as a share of the enter threshold, in (0, 1]
 */
public record ThresholdSweep(List<Double> thresholds, double hysteresis) {

    /** One rescoring of one customer, as {@code scoring.score_history} records it. */
    public record Scored(String customerId, java.time.Instant at, double score) {}

    /** One point of the frontier. */
    public record Point(double threshold, WarningEvaluation.Result result) {

        String json() {
            WarningEvaluation.Result r = result;
            return String.format(
                    Locale.ROOT,
                    "{\"threshold\":%s,\"alerts\":%d,\"precision\":%s,\"recall\":%s,\"recall7d\":%s,"
                            + "\"medianLeadDays\":%s}",
                    num(threshold),
                    r.alerts(),
                    num(r.precision()),
                    num(r.recall()),
                    num(r.recall7d()),
                    num(r.medianLeadDays()));
        }
    }

    public ThresholdSweep {
        thresholds = List.copyOf(thresholds);
        if (!(hysteresis > 0 && hysteresis <= 1)) {
            throw new IllegalArgumentException("hysteresis must lie in (0, 1]: " + hysteresis);
        }
    }

    /** Thresholds written {@code FROM:TO:STEP} (for example {@code 5:95:5}) or as a comma-separated list. */
    public static List<Double> thresholds(String spec) {
        List<Double> out = new ArrayList<>();
        if (spec.contains(":")) {
            String[] parts = spec.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("thresholds must be FROM:TO:STEP or a list: " + spec);
            }
            double from = Double.parseDouble(parts[0]);
            double to = Double.parseDouble(parts[1]);
            double step = Double.parseDouble(parts[2]);
            if (!(step > 0) || from > to) {
                throw new IllegalArgumentException("thresholds FROM:TO:STEP need FROM <= TO and STEP > 0: " + spec);
            }
            for (int i = 0; from + i * step <= to + 1e-9; i++) {
                out.add(Math.round((from + i * step) * 1e6) / 1e6);
            }
        } else {
            for (String part : spec.split(",")) {
                out.add(Double.parseDouble(part.strip()));
            }
        }
        if (out.isEmpty() || out.stream().anyMatch(t -> !(t > 0 && t <= 100))) {
            throw new IllegalArgumentException("thresholds must lie in (0, 100]: " + spec);
        }
        return out;
    }

    /**
     * The frontier. {@code history} must be ordered by customer, then time (as {@link #read} returns it);
     * every customer starts below every threshold.
     */
    public List<Point> frontier(List<Scored> history, Collection<CustomerLabel> labels, WarningEvaluation evaluation) {
        List<Point> points = new ArrayList<>();
        for (double threshold : thresholds) {
            points.add(new Point(threshold, evaluation.evaluate(labels, alerts(history, threshold))));
        }
        return points;
    }

    /** The alerts at one threshold: upward crossings, with hysteresis. */
    List<Alert> alerts(List<Scored> history, double threshold) {
        List<Alert> alerts = new ArrayList<>();
        String customer = null;
        boolean alerting = false;
        for (Scored s : history) {
            if (!s.customerId().equals(customer)) {
                customer = s.customerId();
                alerting = false;
            }
            if (!alerting && s.score() >= threshold) {
                alerts.add(new Alert(s.customerId(), s.at()));
                alerting = true;
            } else if (alerting && s.score() < threshold * hysteresis) {
                alerting = false;
            }
        }
        return alerts;
    }

    /** The tenant's score history, by customer then time (then insertion order). */
    public static List<Scored> read(Connection db, String tenant) throws SQLException {
        List<Scored> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT customer_id, scored_at, score FROM scoring.score_history WHERE tenant_id = ? ORDER BY customer_id, scored_at, id")) {
            q.setString(1, tenant);
            q.setFetchSize(10_000);
            db.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Scored(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
                }
            } finally {
                db.commit();
                db.setAutoCommit(true);
            }
        }
        return out;
    }

    /** The scores at or after {@code since}. */
    public static List<Scored> since(List<Scored> history, java.time.Instant since) {
        return history.stream().filter(s -> !s.at().isBefore(since)).toList();
    }

    /** The labels without the churners who churned before {@code since} plus {@code earlyLead}: no alert from then could warn early. */
    public static List<CustomerLabel> since(
            Collection<CustomerLabel> labels, java.time.Instant since, java.time.Duration earlyLead) {
        return labels.stream()
                .filter(l -> !l.churned() || !l.churnedAt().isBefore(since.plus(earlyLead)))
                .toList();
    }

    /** The frontier as a table, one line per threshold. */
    public static List<String> table(List<Point> points) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "%9s %8s %9s %7s %8s %11s",
                "threshold",
                "alerts",
                "precision",
                "recall",
                "recall7d",
                "median lead"));
        for (Point p : points) {
            WarningEvaluation.Result r = p.result();
            lines.add(String.format(
                    Locale.ROOT,
                    "%9s %8d %9s %7s %8s %11s",
                    num(p.threshold()),
                    r.alerts(),
                    fixed(r.precision(), 3),
                    fixed(r.recall(), 3),
                    fixed(r.recall7d(), 3),
                    Double.isNaN(r.medianLeadDays()) ? "-" : fixed(r.medianLeadDays(), 1) + " d"));
        }
        return lines;
    }

    /** The frontier as a JSON array. */
    public static String json(List<Point> points) {
        return "[" + String.join(",", points.stream().map(Point::json).toList()) + "]";
    }

    private static String fixed(double value, int digits) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String num(double value) {
        if (Double.isNaN(value)) {
            return "null";
        }
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.4f", value);
    }
}
