package io.churnwatch.ingest.tenant;

import io.churnwatch.ingest.config.BootstrapConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Creates the configured start-up tenant and key if missing (the local run's demo tenant). */
public class StartupTenant {

    private static final Logger LOG = Logger.getLogger(StartupTenant.class);

    void onStart(@Observes StartupEvent start, BootstrapConfig config, TenantService tenants) {
        if (config.tenant().isEmpty()) {
            return;
        }
        String tenant = config.tenant().get();
        tenants.list()
                .chain(existing -> existing.stream().anyMatch(row -> row.id().equals(tenant))
                        ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                        : tenants.create(tenant, tenant, TenantSettings.DEFAULTS)
                                .replaceWithVoid())
                .chain(() -> config.apiKey().isEmpty()
                        ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                        : tenants.createKey(tenant, config.apiKey().get(), "start-up key", config.scopes())
                                .chain(() -> tenants.setScopes(config.apiKey().get(), config.scopes())))
                .await()
                .atMost(Duration.ofSeconds(30));
        LOG.infof("Start-up tenant '%s' is ready", tenant);
    }
}
