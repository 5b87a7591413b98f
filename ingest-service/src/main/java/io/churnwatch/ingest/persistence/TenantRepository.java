package io.churnwatch.ingest.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Tenants and API keys in the shared {@code tenancy} schema. Only key hashes are stored. */
@ApplicationScoped
public class TenantRepository {

    public record TenantRow(String id, String name, JsonObject settings, OffsetDateTime createdAt) {}

    public record ApiKeyRow(
            String id,
            String tenantId,
            String prefix,
            String name,
            List<String> scopes,
            OffsetDateTime createdAt,
            OffsetDateTime revokedAt) {}

    private final Pool pool;

    public TenantRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the tenant; false if it already exists. */
    public Uni<Boolean> create(String id, String name, JsonObject settings) {
        return pool.preparedQuery(
                        "INSERT INTO tenancy.tenants (id, name, settings) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(id, name, settings))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<TenantRow>> find(String id) {
        return pool.preparedQuery("SELECT id, name, settings, created_at FROM tenancy.tenants WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toTenant(rows.iterator().next())));
    }

    public Uni<List<TenantRow>> list() {
        return pool.query("SELECT id, name, settings, created_at FROM tenancy.tenants ORDER BY id")
                .execute()
                .map(rows -> {
                    List<TenantRow> tenants = new ArrayList<>();
                    rows.forEach(row -> tenants.add(toTenant(row)));
                    return tenants;
                });
    }

    public Uni<Boolean> updateSettings(String id, JsonObject settings) {
        return pool.preparedQuery("UPDATE tenancy.tenants SET settings = $2 WHERE id = $1")
                .execute(Tuple.of(id, settings))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Stores a key's hash; false if a key with that hash exists already. */
    public Uni<Boolean> addKey(
            String keyId, String tenantId, String keyHash, String prefix, String name, List<String> scopes) {
        return pool.preparedQuery("""
                INSERT INTO tenancy.api_keys (id, tenant_id, key_hash, prefix, name, scopes) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(keyId, tenantId, keyHash, prefix, name, scopes.toArray(String[]::new)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> setScopes(String keyHash, List<String> scopes) {
        return pool.preparedQuery("UPDATE tenancy.api_keys SET scopes = $2 WHERE key_hash = $1 AND scopes <> $2")
                .execute(Tuple.of(keyHash, scopes.toArray(String[]::new)))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<List<ApiKeyRow>> keys(String tenantId) {
        return pool.preparedQuery(
                        "SELECT id, tenant_id, prefix, name, scopes, created_at, revoked_at FROM tenancy.api_keys WHERE tenant_id = $1 ORDER BY created_at")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<ApiKeyRow> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(new ApiKeyRow(
                            row.getString("id"),
                            row.getString("tenant_id"),
                            row.getString("prefix"),
                            row.getString("name"),
                            Arrays.asList(row.getArrayOfStrings("scopes")),
                            row.getOffsetDateTime("created_at"),
                            row.getOffsetDateTime("revoked_at"))));
                    return keys;
                });
    }

    /** Revokes a key; false if the tenant has no such live key. */
    public Uni<Boolean> revokeKey(String tenantId, String keyId) {
        return pool.preparedQuery(
                        "UPDATE tenancy.api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(tenantId, keyId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static TenantRow toTenant(Row row) {
        return new TenantRow(
                row.getString("id"),
                row.getString("name"),
                row.getJsonObject("settings"),
                row.getOffsetDateTime("created_at"));
    }
}
