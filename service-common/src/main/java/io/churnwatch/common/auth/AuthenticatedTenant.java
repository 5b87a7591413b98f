package io.churnwatch.common.auth;

import java.util.Set;

/** Who is calling: the tenant an API key belongs to, and what the key may do. */
public record AuthenticatedTenant(String tenantId, String keyId, Set<String> scopes) {

    public static final String SCOPE_INGEST = "ingest";
    public static final String SCOPE_READ = "read";
    public static final String SCOPE_WRITE = "write";
    /** May post events older than the live ingest horizon (replays of historical logs). */
    public static final String SCOPE_REPLAY = "replay";

    public boolean may(String scope) {
        return scopes.contains(scope);
    }
}
