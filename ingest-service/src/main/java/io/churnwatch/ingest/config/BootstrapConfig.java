package io.churnwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** An optional tenant and API key created at start-up (the local run's demo tenant). */
@ConfigMapping(prefix = "churnwatch.bootstrap")
public interface BootstrapConfig {

    /** Tenant id to create at start-up if missing. */
    Optional<String> tenant();

    /** API key to register for that tenant if missing. */
    Optional<String> apiKey();

    /** Scopes of that key, set again at every start; {@code replay} only in the local run (%dev). */
    @WithDefault("ingest,read,write")
    List<String> scopes();
}
