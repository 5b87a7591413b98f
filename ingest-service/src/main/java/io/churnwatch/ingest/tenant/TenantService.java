package io.churnwatch.ingest.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.churnwatch.common.auth.ApiKeys;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.TenantDirectory;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.persistence.TenantRepository;
import io.churnwatch.ingest.persistence.TenantRepository.ApiKeyRow;
import io.churnwatch.ingest.persistence.TenantRepository.TenantRow;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Tenants, their settings and API keys. Keys are returned once when created and stored only hashed. */
@ApplicationScoped
public class TenantService {

    /** A key as created: the only time the clear key is seen. */
    public record CreatedKey(String id, String tenantId, String key, String prefix, String name, List<String> scopes) {}

    private static final Set<String> SCOPES = Set.of(
            AuthenticatedTenant.SCOPE_INGEST,
            AuthenticatedTenant.SCOPE_READ,
            AuthenticatedTenant.SCOPE_WRITE,
            AuthenticatedTenant.SCOPE_REPLAY);
    public static final List<String> DEFAULT_SCOPES =
            List.of(AuthenticatedTenant.SCOPE_INGEST, AuthenticatedTenant.SCOPE_READ, AuthenticatedTenant.SCOPE_WRITE);

    private record CachedSettings(TenantSettings settings, long expiresAtNanos) {}

    private final TenantRepository repository;
    private final TenantDirectory directory;
    private final ObjectMapper mapper;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, CachedSettings> settingsCache = new ConcurrentHashMap<>();

    public TenantService(
            TenantRepository repository,
            TenantDirectory directory,
            ObjectMapper mapper,
            @ConfigProperty(name = "churnwatch.auth.cache-ttl", defaultValue = "PT30S") Duration ttl) {
        this.repository = repository;
        this.directory = directory;
        this.mapper = mapper;
        this.ttlNanos = ttl.toNanos();
    }

    public Uni<TenantRow> create(String id, String name, TenantSettings settings) {
        return repository.create(id, name, toJson(settings)).chain(created -> {
            if (!created) {
                throw ProblemException.of(ProblemType.CONFLICT, "Tenant '" + id + "' exists already");
            }
            return get(id);
        });
    }

    public Uni<TenantRow> get(String id) {
        return repository
                .find(id)
                .map(found ->
                        found.orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No tenant '" + id + "'")));
    }

    public Uni<List<TenantRow>> list() {
        return repository.list();
    }

    public Uni<TenantRow> updateSettings(String id, TenantSettings settings) {
        return repository.updateSettings(id, toJson(settings)).chain(updated -> {
            if (!updated) {
                throw ProblemException.of(ProblemType.NOT_FOUND, "No tenant '" + id + "'");
            }
            settingsCache.remove(id);
            return get(id);
        });
    }

    /** The tenant's settings, cached briefly: read on every Segment call. */
    public Uni<TenantSettings> settings(String id) {
        CachedSettings cached = settingsCache.get(id);
        if (cached != null && cached.expiresAtNanos() > System.nanoTime()) {
            return Uni.createFrom().item(cached.settings());
        }
        return repository.find(id).map(found -> {
            TenantSettings settings = found.map(row -> fromJson(row.settings())).orElse(TenantSettings.DEFAULTS);
            settingsCache.put(id, new CachedSettings(settings, System.nanoTime() + ttlNanos));
            return settings;
        });
    }

    public Uni<CreatedKey> createKey(String tenantId, String name, List<String> scopes) {
        List<String> granted = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
        granted.stream().filter(scope -> !SCOPES.contains(scope)).findFirst().ifPresent(unknown -> {
            throw ProblemException.of(
                    ProblemType.INVALID_REQUEST, "Unknown scope '" + unknown + "'; scopes are " + SCOPES);
        });
        return createKey(tenantId, ApiKeys.generate(), name, granted);
    }

    /** Registers a given key (the local run's demo key); a key that exists already is left as it is. */
    public Uni<CreatedKey> createKey(String tenantId, String key, String name, List<String> scopes) {
        String id = "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return get(tenantId)
                .chain(tenant ->
                        repository.addKey(id, tenantId, ApiKeys.hash(key), ApiKeys.displayPrefix(key), name, scopes))
                .map(added -> new CreatedKey(id, tenantId, key, ApiKeys.displayPrefix(key), name, scopes));
    }

    /** Gives an existing key exactly these scopes (the start-up key, whose scopes follow the configuration). */
    public Uni<Void> setScopes(String key, List<String> scopes) {
        return repository
                .setScopes(ApiKeys.hash(key), scopes)
                .invoke(directory::invalidate)
                .replaceWithVoid();
    }

    public Uni<List<ApiKeyRow>> keys(String tenantId) {
        return get(tenantId).chain(tenant -> repository.keys(tenantId));
    }

    public Uni<Void> revokeKey(String tenantId, String keyId) {
        return repository.revokeKey(tenantId, keyId).map(revoked -> {
            if (!revoked) {
                throw ProblemException.of(
                        ProblemType.NOT_FOUND, "Tenant '" + tenantId + "' has no live key '" + keyId + "'");
            }
            directory.invalidate();
            return null;
        });
    }

    private JsonObject toJson(TenantSettings settings) {
        return new JsonObject(
                mapper.convertValue(settings == null ? TenantSettings.DEFAULTS : settings, java.util.Map.class));
    }

    private TenantSettings fromJson(JsonObject json) {
        return json == null ? TenantSettings.DEFAULTS : mapper.convertValue(json.getMap(), TenantSettings.class);
    }
}
