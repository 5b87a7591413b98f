package io.churnwatch.alert.support;

import io.churnwatch.common.auth.ApiKeys;
import java.util.UUID;

/** Creates tenants and API keys straight in the shared tenancy tables (ingest-service owns the admin API). */
public final class TestTenants {

    /** A tenant with a read-write key and a read-only key. */
    public record Tenant(String id, String apiKey, String readOnlyKey) {}

    private TestTenants() {}

    public static Tenant create() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String key = ApiKeys.generate();
        String readOnly = ApiKeys.generate();
        Db.update("INSERT INTO tenancy.tenants (id, name) VALUES (?, ?)", id, "Tenant " + id);
        insertKey(id, key, "{read,write}");
        insertKey(id, readOnly, "{read}");
        return new Tenant(id, key, readOnly);
    }

    private static void insertKey(String tenant, String key, String scopes) {
        Db.update(
                "INSERT INTO tenancy.api_keys (id, tenant_id, key_hash, prefix, name, scopes) VALUES (?, ?, ?, ?, 'test', ?::text[])",
                "k-" + UUID.randomUUID(),
                tenant,
                ApiKeys.hash(key),
                ApiKeys.displayPrefix(key),
                scopes);
    }
}
