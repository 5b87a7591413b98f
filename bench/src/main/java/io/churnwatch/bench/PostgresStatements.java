package io.churnwatch.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL's own account of where its time went, from {@code pg_stat_statements}, when the stack was
 * started with {@code -Dchurnwatch.devstack.postgres-config=shared_preload_libraries=pg_stat_statements}
 * (the benchmarks' {@code --pg-statements}); otherwise says nothing.
 */
final class PostgresStatements {

    private PostgresStatements() {}

    static void printTop(Connection db, int limit) {
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (ResultSet rows = statement.executeQuery("""
                    SELECT calls, rows, total_exec_time, wal_bytes, left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
                    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT""" + " " + limit)) {
                System.out.println("== PostgreSQL statements by execution time (pg_stat_statements)");
                System.out.println("       calls         rows    total ms   WAL MB  statement");
                while (rows.next()) {
                    System.out.printf(
                            "  %10d %12d %11.0f %8.1f  %s%n",
                            rows.getLong(1),
                            rows.getLong(2),
                            rows.getDouble(3),
                            rows.getDouble(4) / 1e6,
                            rows.getString(5));
                }
            }
        } catch (SQLException e) {
            // pg_stat_statements was not preloaded: nothing to print.
        }
    }
}
