package io.churnwatch.ingest.api;

import io.churnwatch.events.ContractLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Segment's HTTP Tracking API bodies, in Segment's own shapes, as the OpenAPI document shows them (docs/segment.md).
 * Only what ChurnWatch reads is described; other members are allowed and ignored. {@code SegmentTranslator} and
 * {@code EventValidator} check them.
 */
public final class SegmentBodies {

    private static final String CUSTOMER =
            "The customer; anonymousId is used when there is no userId (one of them is required), "
                    + "context.groupId or a group call's groupId when the tenant's accountFromGroupId is set";
    static final String TRACK_EXAMPLE = """
            {"userId":"acme","event":"Complaint Filed","properties":{"text":"Invoices are wrong again"},\
            "timestamp":"2026-01-15T10:15:00Z","messageId":"seg-1"}""";
    static final String IDENTIFY_EXAMPLE = """
            {"userId":"acme","traits":{"mrr":1200,"currency":"EUR","segment":"enterprise","owner":"ana@cs.example"},"messageId":"seg-2"}""";
    static final String PAGE_EXAMPLE = """
            {"userId":"acme","name":"Reports","category":"Analytics","timestamp":"2026-01-15T10:15:00Z","messageId":"seg-3"}""";
    static final String ALIAS_EXAMPLE = """
            {"userId":"acme","previousId":"anon-42"}""";
    static final String BATCH_EXAMPLE = """
            {"batch":[{"type":"track","userId":"acme","event":"Complaint Filed","messageId":"seg-4"}],"sentAt":"2026-01-15T10:15:00Z"}""";

    private SegmentBodies() {}

    /** A track call. */
    @Schema(
            name = "SegmentTrack",
            description = "Segment's track call: the event name becomes the type (the tenant's track mappings, "
                    + "a built-in type name in any case, else a custom type)")
    public record Track(
            @Schema(description = CUSTOMER) @Size(max = ContractLimits.MAX_ID_LENGTH)
            String userId,

            String anonymousId,

            @NotBlank @Size(max = ContractLimits.MAX_TYPE_LENGTH)
            String event,

            Map<String, Object> properties,
            @Schema(format = "date-time") String timestamp,

            @Schema(description = "Corrected for the client's clock with sentAt, as Segment does")
            String originalTimestamp,

            String sentAt,
            Map<String, Object> context,

            @Size(min = 1, max = ContractLimits.MAX_ID_LENGTH)
            String messageId,

            @Schema(description = "The API key, for libraries that send no Authorization header")
            String writeKey) {}

    /** An identify or group call. */
    @Schema(
            name = "SegmentIdentify",
            description = "Segment's identify or group call: its traits become the customer's")
    public record Identify(
            @Schema(description = CUSTOMER) @Size(max = ContractLimits.MAX_ID_LENGTH)
            String userId,

            String anonymousId,

            @Schema(description = "group calls: the account")
            String groupId,

            @Valid EventBodies.Traits traits,
            @Schema(format = "date-time") String timestamp,
            String originalTimestamp,
            String sentAt,
            Map<String, Object> context,

            @Size(min = 1, max = ContractLimits.MAX_ID_LENGTH)
            String messageId,

            String writeKey) {}

    /** A page or screen call. */
    @Schema(
            name = "SegmentPage",
            description = "Segment's page or screen call: a usage event, its name and category kept as properties")
    public record Page(
            @Schema(description = CUSTOMER) @Size(max = ContractLimits.MAX_ID_LENGTH)
            String userId,

            String anonymousId,
            String name,
            String category,
            Map<String, Object> properties,
            @Schema(format = "date-time") String timestamp,
            String originalTimestamp,
            String sentAt,
            Map<String, Object> context,

            @Size(min = 1, max = ContractLimits.MAX_ID_LENGTH)
            String messageId,

            String writeKey) {}

    /** An alias call, accepted and ignored. */
    @Schema(name = "SegmentAlias", description = "Segment's alias call: accepted and ignored")
    public record Alias(String userId, String previousId, String writeKey) {}

    /** One message of a batch: any call, named by its type. */
    @Schema(
            name = "SegmentBatchMessage",
            description = "One message of a batch; identify and group messages carry traits as in SegmentIdentify")
    public record Message(
            @NotNull @Pattern(regexp = "^(track|identify|group|page|screen|alias)$")
            String type,

            @Schema(description = CUSTOMER) @Size(max = ContractLimits.MAX_ID_LENGTH)
            String userId,

            String anonymousId,

            @Schema(description = "track messages: the event name")
            String event,

            Map<String, Object> properties,
            @Schema(format = "date-time") String timestamp,
            String originalTimestamp,
            Map<String, Object> context,

            @Size(min = 1, max = ContractLimits.MAX_ID_LENGTH)
            String messageId) {}

    /** A batch (or import) of up to 500 messages. */
    @Schema(name = "SegmentBatch")
    public record Batch(
            @NotNull @Size(min = 1, max = 500) List<@Valid Message> batch,

            @Schema(description = "Shared by every message; a message's own context wins member by member")
            Map<String, Object> context,

            String sentAt,
            String writeKey) {}
}
