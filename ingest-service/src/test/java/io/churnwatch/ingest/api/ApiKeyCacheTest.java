package io.churnwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.TenantDirectory;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Made-up keys cannot flush the API-key cache: after 10,000 unknown keys (twice
 * {@code %test.churnwatch.auth.cache-size}), a known key is still answered from the cache. The proof: its row is
 * revoked in PostgreSQL behind the cache's back, so a lookup that reached the database would find no key.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ApiKeyCacheTest {

    private static final int UNKNOWN_KEYS = 10_000;

    @Inject
    TenantDirectory directory;

    @Inject
    Pool pool;

    @Test
    void tenThousandUnknownKeysDoNotEvictAKnownOne() {
        TestTenants.Tenant tenant = TestTenants.create();
        assertThat(lookUp(tenant.apiKey())).map(AuthenticatedTenant::tenantId).contains(tenant.id());

        long unknown = Multi.createFrom()
                .range(0, UNKNOWN_KEYS)
                .onItem()
                .transformToUni(i -> directory.authenticate("cw_made_up_" + UUID.randomUUID()))
                .merge(8)
                .filter(Optional::isEmpty)
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofMinutes(3))
                .size();
        assertThat(unknown).isEqualTo(UNKNOWN_KEYS);

        int revoked = pool.preparedQuery("UPDATE tenancy.api_keys SET revoked_at = now() WHERE id = $1")
                .execute(Tuple.of(tenant.keyId()))
                .await()
                .atMost(Duration.ofSeconds(10))
                .rowCount();
        assertThat(revoked).isEqualTo(1);
        assertThat(lookUp(tenant.apiKey()))
                .as("answered from the cache, not the database")
                .map(AuthenticatedTenant::tenantId)
                .contains(tenant.id());
    }

    private Optional<AuthenticatedTenant> lookUp(String key) {
        return directory.authenticate(key).await().atMost(Duration.ofSeconds(10));
    }
}
