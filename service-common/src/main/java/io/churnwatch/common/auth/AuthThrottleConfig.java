package io.churnwatch.common.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Throttling of failed authentications per client address; each key is listed in the README's configuration table. */
@ConfigMapping(prefix = "churnwatch.auth.throttle")
public interface AuthThrottleConfig {

    /** Failed authentications from one address within a window after which it is refused with 429; 0 turns this off. */
    @WithDefault("20")
    int maxFailures();

    /** The window, counted from an address's first failure; a refused address may try again when it ends. */
    @WithDefault("PT1M")
    Duration window();
}
