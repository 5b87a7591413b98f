package io.churnwatch.common.retry;

import com.fasterxml.jackson.core.JacksonException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures worth waiting out (the database or broker unreachable, pool and connect timeouts) from
 * permanent ones (the database refused the data: constraint, overflow, invalid datetime; unparseable input),
 * and retries the former for as long as they last: a consumer must ride out an outage, and must never retry
 * a record the database will refuse every time.
 *
 * <p>A PostgreSQL error decides by its SQLSTATE ({@link #classify(String)}); otherwise the exception types and
 * connection-level messages in the cause chain do. Anything else is {@link Kind#UNKNOWN}.
 */
public final class TransientFailures {

    /** What retrying a failure can achieve. */
    public enum Kind {
        /** An outage: the same work succeeds once it is over. */
        TRANSIENT,
        /** The work itself is refused: it fails the same way every time. */
        PERMANENT,
        /** Neither is known: worth a few more attempts at most. */
        UNKNOWN
    }

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /**
     * SQLSTATE classes of outages: connection exception, transaction rollback (serialization failure,
     * deadlock), insufficient resources, operator intervention (shutdown, query cancelled), system error.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** Single SQLSTATEs of outages in otherwise permanent classes: lock not available, object in use. */
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "55006");

    private static final String[] OUTAGE_MESSAGES = {
        "connection refused",
        "connection closed",
        "connection reset",
        "failed to connect",
        "connection timed out",
        "broken pipe",
        "pool closed"
    };

    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        return classify(failure) == Kind.TRANSIENT;
    }

    public static boolean isPermanent(Throwable failure) {
        return classify(failure) == Kind.PERMANENT;
    }

    /** The first SQLSTATE in the cause chain decides; without one, types and connection-level messages do. */
    public static Kind classify(Throwable failure) {
        String sqlState = sqlState(failure);
        if (sqlState != null) {
            return classify(sqlState);
        }
        boolean outage = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isParseFailure(t)) {
                return Kind.PERMANENT;
            }
            outage |= isOutage(t);
        }
        return outage ? Kind.TRANSIENT : Kind.UNKNOWN;
    }

    /** A PostgreSQL SQLSTATE: outages are transient, every other error the server reports is permanent. */
    public static Kind classify(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return Kind.UNKNOWN;
        }
        return TRANSIENT_CLASSES.contains(sqlState.substring(0, 2)) || TRANSIENT_STATES.contains(sqlState)
                ? Kind.TRANSIENT
                : Kind.PERMANENT;
    }

    /** The SQLSTATE of the first database error in the cause chain, or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof PgException pg
                    ? pg.getSqlState()
                    : t instanceof DatabaseException db
                            ? db.getSqlState()
                            : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && !state.isBlank()) {
                return state;
            }
        }
        return null;
    }

    /**
     * What went wrong, for a dead letter's reason: the database's SQLSTATE and message when it refused,
     * else the innermost message of the cause chain.
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String detail = pg.getDetail() == null ? "" : " (" + pg.getDetail() + ")";
                return "SQLSTATE " + pg.getSqlState() + ": " + pg.getErrorMessage() + detail;
            }
        }
        String sqlState = sqlState(failure);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (sqlState == null) {
            return message;
        }
        // Hibernate Reactive's SQLException reads "ERROR: <message> (<SQLSTATE>)".
        String bare = message.replaceFirst("^ERROR: ", "");
        bare = bare.endsWith(" (" + sqlState + ")") ? bare.substring(0, bare.length() - sqlState.length() - 3) : bare;
        return "SQLSTATE " + sqlState + ": " + bare;
    }

    private static boolean isParseFailure(Throwable t) {
        return t instanceof JacksonException
                || t instanceof DateTimeException
                || t instanceof ArithmeticException
                || t instanceof NumberFormatException
                || t instanceof CharacterCodingException;
    }

    private static boolean isOutage(Throwable t) {
        if (t instanceof TimeoutException
                || t instanceof java.net.SocketException
                || t instanceof java.net.UnknownHostException
                || t instanceof java.nio.channels.ClosedChannelException) {
            return true;
        }
        String type = t.getClass().getName();
        if (type.endsWith("ClosedConnectionException")
                || type.endsWith("TimeoutException")
                || type.endsWith("ConnectException")
                || type.endsWith("HttpClosedException")
                || isKafkaRetriable(t.getClass())) {
            return true;
        }
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        for (String outage : OUTAGE_MESSAGES) {
            if (message.contains(outage)) {
                return true;
            }
        }
        return t instanceof IOException && t.getClass() == IOException.class;
    }

    private static boolean isKafkaRetriable(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.kafka.common.errors.RetriableException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Retries transient failures without limit (backoff up to 10 s), unknown ones {@code otherAttempts} times
     * and permanent ones never.
     */
    public static <T> Uni<T> retrying(Uni<T> work, int otherAttempts) {
        return retrying(work, otherAttempts, FIRST_BACKOFF);
    }

    static <T> Uni<T> retrying(Uni<T> work, int otherAttempts, Duration firstBackoff) {
        Uni<T> outagesWaitedOut = work.onFailure(TransientFailures::isTransient)
                .retry()
                .withBackOff(firstBackoff, MAX_BACKOFF)
                .indefinitely();
        return otherAttempts == 0
                ? outagesWaitedOut
                : outagesWaitedOut
                        .onFailure(failure -> classify(failure) == Kind.UNKNOWN)
                        .retry()
                        .withBackOff(firstBackoff, MAX_BACKOFF)
                        .atMost(otherAttempts);
    }
}
