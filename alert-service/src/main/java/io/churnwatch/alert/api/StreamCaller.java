package io.churnwatch.alert.api;

import jakarta.enterprise.context.RequestScoped;

/** The tenant of a live-stream request, from its one-use token (or its API key), set by {@link StreamAuthFilter}. */
@RequestScoped
public class StreamCaller {

    private String tenant;
    private String keyId;

    void set(String tenant, String keyId) {
        this.tenant = tenant;
        this.keyId = keyId;
    }

    String tenant() {
        return tenant;
    }

    /** The API key that opened the stream (or asked for its token); null for a token issued before keys were recorded. */
    String keyId() {
        return keyId;
    }
}
