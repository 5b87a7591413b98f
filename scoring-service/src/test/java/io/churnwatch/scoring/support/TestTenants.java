package io.churnwatch.scoring.support;

import io.churnwatch.common.auth.ApiKeys;
import java.util.UUID;

/** Creates tenants and API keys directly in the shared tenancy tables (ingest's admin API is not part of this service). */
public final class TestTenants {

    /** A tenant and one of its keys. */
    public record Tenant(String id, String apiKey) {}

    private TestTenants() {}

    /** A tenant with a key scoped read and write. */
    public static Tenant create() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String key = ApiKeys.generate();
        Db.update("INSERT INTO tenancy.tenants (id, name) VALUES (?, ?)", id, "Tenant " + id);
        Db.update(
                "INSERT INTO tenancy.api_keys (id, tenant_id, key_hash, prefix, name, scopes) VALUES (?, ?, ?, ?, 'test', '{ingest,read,write}')",
                "k-" + UUID.randomUUID(),
                id,
                ApiKeys.hash(key),
                ApiKeys.displayPrefix(key));
        return new Tenant(id, key);
    }
}
