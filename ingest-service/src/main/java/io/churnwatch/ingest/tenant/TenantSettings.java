package io.churnwatch.ingest.tenant;

import io.churnwatch.ingest.validation.EventValidator;
import java.util.Map;

/**
 * A tenant's ingest settings, stored as JSON in {@code tenancy.tenants.settings}.
 *
 * @param trackMappings Segment track event names to ChurnWatch types, for example
 *        {@code "Newsletter Unsubscribed": "unsubscribe"}; unmapped names stay custom types
 * @param accountFromGroupId for B2B tenants: the account ({@code context.groupId}, or a group call's
 *        {@code groupId}) is the customer, winning over {@code userId}
 */
public record TenantSettings(Map<String, String> trackMappings, boolean accountFromGroupId) {

    public static final TenantSettings DEFAULTS = new TenantSettings(Map.of(), false);

    public TenantSettings {
        trackMappings = trackMappings == null ? Map.of() : Map.copyOf(trackMappings);
    }

    /** The type a Segment track event name maps to: the tenant's mapping, a built-in type name, or the name itself. */
    public String typeForTrack(String eventName) {
        String mapped = trackMappings.get(eventName);
        return EventValidator.normalizeType(mapped != null ? mapped : eventName);
    }
}
