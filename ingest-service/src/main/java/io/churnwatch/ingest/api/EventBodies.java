package io.churnwatch.ingest.api;

import io.churnwatch.events.ContractLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The own event API's request bodies as the OpenAPI document shows them (docs/events.md). The resources read
 * the raw bytes, because a batch is checked event by event (valid events are accepted beside rejected ones) and
 * gzip bodies are bounded; {@code EventValidator} checks the same limits, from the same {@link ContractLimits}, and
 * contract-tests' SchemaDrivenNegativeTest holds the two to agreement.
 */
public final class EventBodies {

    static final String EVENT_EXAMPLE = """
            {"messageId":"c-1","customerId":"acme","type":"complaint","timestamp":"2026-01-15T10:15:00Z",\
            "properties":{"text":"Invoices are wrong again"},\
            "traits":{"mrr":1200,"currency":"EUR","segment":"enterprise","owner":"ana@cs.example","plan":"pro","signupDate":"2021-03-01"}}""";
    static final String BATCH_EXAMPLE = """
            {"events":[{"messageId":"b-1","customerId":"acme","type":"usage","timestamp":"2026-01-15T10:15:00Z",\
            "properties":{"feature":"reports"},"traits":{"mrr":1200,"currency":"EUR","segment":"enterprise"}}]}""";

    private EventBodies() {}

    /** One interaction event. */
    @Schema(
            name = "Event",
            description = "One interaction event (docs/events.md). The tenant comes from the API key. "
                    + "An nps event needs an integer properties.score from 0 to 10; a purchase event a properties.amount from 0 with at most "
                    + "12 digits before and 4 after the point.")
    public record Event(
            @Schema(
                    description =
                            "Your id of the event; the same id again is a duplicate and not written twice. Generated when absent.")
            @Size(min = 1, max = ContractLimits.MAX_ID_LENGTH)
            String messageId,

            @NotBlank @Size(max = ContractLimits.MAX_ID_LENGTH)
            String customerId,

            @Schema(
                    description =
                            "A built-in type, any case (complaint, unsubscribe, usage, login, nps, purchase, churned, ...), "
                                    + "or a custom type")
            @NotBlank
            @Size(max = ContractLimits.MAX_TYPE_LENGTH)
            String type,

            @Schema(
                    format = "date-time",
                    description =
                            "When it happened, with a UTC offset; default now. From 1900 to 2199, at most "
                                    + "5 minutes ahead, at most 400 days old (churnwatch.ingest.horizon; keys with the replay scope are exempt).")
            String timestamp,

            @Schema(description = "Free-form; nps and purchase events need their members")
            Map<String, Object> properties,

            @Valid Traits traits) {}

    /** What the event says about the customer. */
    @Schema(
            name = "Traits",
            description = "What the event says about the customer; kept as the customer's latest traits")
    public record Traits(
            @Schema(description = "Monthly recurring revenue") @DecimalMin("0") @DecimalMax("999999999999.9999")
            BigDecimal mrr,

            @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO-4217 code such as EUR")
            String currency,

            @Size(max = ContractLimits.MAX_TRAIT_LENGTH) String segment,
            @Size(max = ContractLimits.MAX_TRAIT_LENGTH) String owner,
            @Size(max = ContractLimits.MAX_TRAIT_LENGTH) String plan,

            @Schema(format = "date", description = "From 1900 to 2199")
            String signupDate) {}

    /** Up to 500 events; each is accepted or rejected on its own. */
    @Schema(name = "EventBatch")
    public record Batch(
            @NotNull @Size(min = 1, max = 500) @Schema(description = "At most churnwatch.ingest.max-batch-events (500)")
            List<@Valid Event> events) {}
}
