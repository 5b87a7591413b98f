package io.churnwatch.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import io.churnwatch.common.retry.TransientFailures.Kind;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures are waited out, which are permanent, which unknown: one row per failure seen in the wild. */
class FailureKindTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // The database refused the data: SQLSTATE classes 22, 23, 42, 54 and the rest.
                row("numeric field overflow", Kind.PERMANENT, pg("numeric field overflow", "22003")),
                row("invalid datetime format", Kind.PERMANENT, pg("invalid input syntax for type timestamp", "22007")),
                row("datetime out of range", Kind.PERMANENT, pg("date out of range: \"+9999999-01-01\"", "22008")),
                row("NUL in text", Kind.PERMANENT, pg("unsupported Unicode escape sequence", "22P05")),
                row("unique violation", Kind.PERMANENT, pg("duplicate key value violates unique constraint", "23505")),
                row("undefined column", Kind.PERMANENT, pg("column \"x\" does not exist", "42703")),
                row("index row too large", Kind.PERMANENT, pg("index row size exceeds maximum", "54000")),
                row(
                        "SQLSTATE wins over a message saying timeout",
                        Kind.PERMANENT,
                        new RuntimeException("timeout while applying", pg("value too long for type", "22001"))),
                row(
                        "SQLSTATE of a Hibernate-wrapped SQLException",
                        Kind.PERMANENT,
                        new CompletionException(new SQLException("error", "23502"))),
                // Outages: the same work succeeds once they are over.
                row("connection failure", Kind.TRANSIENT, pg("terminating connection", "08006")),
                row("serialization failure", Kind.TRANSIENT, pg("could not serialize access", "40001")),
                row("deadlock", Kind.TRANSIENT, pg("deadlock detected", "40P01")),
                row("too many connections", Kind.TRANSIENT, pg("sorry, too many clients already", "53300")),
                row(
                        "admin shutdown",
                        Kind.TRANSIENT,
                        pg("terminating connection due to administrator command", "57P01")),
                row("lock not available", Kind.TRANSIENT, pg("could not obtain lock", "55P03")),
                row(
                        "connection refused",
                        Kind.TRANSIENT,
                        new IllegalStateException("db", new ConnectException("Connection refused"))),
                row("closed connection", Kind.TRANSIENT, new CompletionException(ClosedConnectionException.INSTANCE)),
                row("pool timeout", Kind.TRANSIENT, new NoStackTraceTimeoutException("Timeout waiting for connection")),
                row("pool closed while stopping", Kind.TRANSIENT, new IllegalStateException("Pool closed")),
                row(
                        "reset by peer",
                        Kind.TRANSIENT,
                        new RuntimeException("recvAddress(..) failed: Connection reset by peer")),
                row("plain I/O error", Kind.TRANSIENT, new RuntimeException("wrapper", new IOException("broken pipe"))),
                // Parse and conversion errors are IOExceptions or mention nothing of an outage: never transient.
                row(
                        "JSON parse error (an IOException)",
                        Kind.PERMANENT,
                        new RuntimeException(new JsonParseException(null, "Unexpected character"))),
                row("date out of Java's range", Kind.PERMANENT, new DateTimeException("Invalid value for Year")),
                row("number format", Kind.PERMANENT, new NumberFormatException("For input string: \"1e400x\"")),
                row(
                        "a message saying timeout is not an outage",
                        Kind.UNKNOWN,
                        new IllegalStateException("user timeout setting is invalid")),
                row("a bug", Kind.UNKNOWN, new NullPointerException()),
                row(
                        "no SQLSTATE, no outage",
                        Kind.UNKNOWN,
                        new IllegalArgumentException("value too long for type character varying(256)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifies(String name, Kind expected, Throwable failure) {
        assertThat(TransientFailures.classify(failure)).isEqualTo(expected);
        assertThat(TransientFailures.isTransient(failure)).isEqualTo(expected == Kind.TRANSIENT);
        assertThat(TransientFailures.isPermanent(failure)).isEqualTo(expected == Kind.PERMANENT);
    }

    @org.junit.jupiter.api.Test
    void describesADatabaseRefusalByItsSqlStateAndMessage() {
        assertThat(TransientFailures.describe(new CompletionException(
                        new SQLException("error executing SQL", "22003", pg("numeric field overflow", "22003")))))
                .isEqualTo("SQLSTATE 22003: numeric field overflow");
        assertThat(TransientFailures.describe(new RuntimeException(
                        "error executing SQL statement",
                        new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 (22021)", "22021"))))
                .isEqualTo("SQLSTATE 22021: invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(TransientFailures.describe(new RuntimeException("outer", new IllegalStateException("inner"))))
                .isEqualTo("inner");
    }

    private static Arguments row(String name, Kind kind, Throwable failure) {
        return Arguments.of(name, kind, failure);
    }

    private static PgException pg(String message, String sqlState) {
        return new PgException(message, "ERROR", sqlState, null);
    }
}
