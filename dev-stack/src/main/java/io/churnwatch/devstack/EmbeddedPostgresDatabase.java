package io.churnwatch.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server (embedded binaries) with one database for ChurnWatch. */
public final class EmbeddedPostgresDatabase implements AutoCloseable {

    public static final String DATABASE = "churnwatch";
    public static final String USER = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresDatabase(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Settings from {@code -Dchurnwatch.devstack.postgres-config=name=value;name=value} (benchmarks: pg_stat_statements). */
    private static java.util.Map<String, String> extraServerConfig() {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String setting :
                System.getProperty("churnwatch.devstack.postgres-config", "").split(";")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                settings.put(
                        setting.substring(0, eq).trim(),
                        setting.substring(eq + 1).trim());
            }
        }
        return settings;
    }

    public synchronized EmbeddedPostgresDatabase start() {
        if (postgres != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on");
            extraServerConfig().forEach(builder::setServerConfig);
            postgres = builder.start();
            createDatabaseIfMissing();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL in " + dataDir, e);
        }
    }

    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The URL form the Vert.x reactive PostgreSQL client takes. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE, e);
        }
    }
}
