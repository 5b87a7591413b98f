package io.churnwatch.ingest.tenant;

import io.churnwatch.events.ContractLimits;
import io.churnwatch.ingest.validation.EventValidator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A tenant's ingest settings, stored as JSON in {@code tenancy.tenants.settings}.
 *
 * @param trackMappings Segment track event names to ChurnWatch types, for example
 *        {@code "Newsletter Unsubscribed": "unsubscribe"}; unmapped names stay custom types
 * @param accountFromGroupId for B2B tenants: the account ({@code context.groupId}, or a group call's
 *        {@code groupId}) is the customer, winning over {@code userId}
 */
public record TenantSettings(
        @Size(max = MAX_MAPPINGS)
        Map<@NotBlank @Size(max = MAX_TRACK_NAME) String, @NotBlank @Size(max = ContractLimits.MAX_TYPE_LENGTH) String>
                trackMappings,

        boolean accountFromGroupId) {

    /** Most track-name mappings of a tenant. */
    public static final int MAX_MAPPINGS = 1000;
    /** Longest Segment track event name a mapping may name. */
    public static final int MAX_TRACK_NAME = 200;

    public static final TenantSettings DEFAULTS = new TenantSettings(Map.of(), false);

    public TenantSettings {
        // A copy that keeps null values, so that validation can name them instead of the copy failing.
        trackMappings = trackMappings == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trackMappings));
    }

    /** The type a Segment track event name maps to: the tenant's mapping, a built-in type name, or the name itself. */
    public String typeForTrack(String eventName) {
        String mapped = trackMappings.get(eventName);
        return EventValidator.normalizeType(mapped != null ? mapped : eventName);
    }
}
