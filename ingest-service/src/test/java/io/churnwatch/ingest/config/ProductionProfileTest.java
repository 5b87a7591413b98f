package io.churnwatch.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** What application.properties resolves to under the production profile, against the local run's (%dev). */
class ProductionProfileTest {

    @Test
    void swaggerUiIsServedInTheLocalRunOnly() throws IOException {
        assertThat(swaggerUiEnabled("prod")).isFalse();
        assertThat(swaggerUiEnabled("dev")).isTrue();
    }

    @Test
    void onlyTheLocalRunsStartupKeyMayReplay() throws IOException {
        assertThat(resolve("prod").getConfigMapping(BootstrapConfig.class).scopes())
                .containsExactly("ingest", "read", "write");
        assertThat(resolve("dev").getConfigMapping(BootstrapConfig.class).scopes())
                .containsExactly("ingest", "read", "write", "replay");
    }

    /** Unset, Quarkus serves Swagger UI whenever it is packaged (always-include). */
    private static boolean swaggerUiEnabled(String profile) throws IOException {
        return resolve(profile)
                .getOptionalValue("quarkus.swagger-ui.enabled", Boolean.class)
                .orElse(true);
    }

    private static SmallRyeConfig resolve(String profile) throws IOException {
        URL properties = ProductionProfileTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties, 250))
                .withMapping(BootstrapConfig.class)
                .build();
    }
}
