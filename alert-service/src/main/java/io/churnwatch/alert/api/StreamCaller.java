package io.churnwatch.alert.api;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of a live-stream request, from its one-use token (or its API key), set by {@link StreamAuthFilter}. */
@RequestScoped
public class StreamCaller {

    private String tenant;

    void set(String tenant) {
        this.tenant = tenant;
    }

    String tenant() {
        return tenant;
    }
}
