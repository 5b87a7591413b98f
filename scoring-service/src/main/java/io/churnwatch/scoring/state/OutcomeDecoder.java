package io.churnwatch.scoring.state;

import io.churnwatch.events.AlertEvent;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.EventType;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.persistence.OutcomeRow;
import java.util.Optional;

/**
 * Reads outcomes: from an integrator's churned/won_back event, and, defensively, from a consumed
 * {@code churnwatch.alerts.v1} record (an episode resolved as churned or saved, or its customer won back).
 * A record that is not an outcome (an episode opened, acknowledged, resolved as a false alarm...) is skipped;
 * one that cannot be read comes back with a reason for the dead-letter topic instead of an exception.
 */
public final class OutcomeDecoder {

    private static final int MAX_ID_LENGTH = 256;
    private static final int MAX_REASON_LENGTH = 200;

    /** What one alert record holds: an outcome, nothing of interest (both null), or a reason to dead-letter it. */
    public record Decoded(OutcomeRow outcome, String deadLetterReason) {}

    private OutcomeDecoder() {}

    /** The outcome an applied event reports, if it is a churned or won_back event; its reason is properties.reason. */
    public static Optional<OutcomeRow> fromEvent(InteractionEvent event) {
        boolean churned = EventType.CHURNED.wireName().equals(event.type());
        if (!churned && !EventType.WON_BACK.wireName().equals(event.type())) {
            return Optional.empty();
        }
        var reason = event.properties() == null ? null : event.properties().get("reason");
        return Optional.of(new OutcomeRow(
                event.tenant(),
                event.customerId(),
                churned ? OutcomeRow.CHURNED : OutcomeRow.WON_BACK,
                event.timestamp(),
                reason != null && reason.isTextual() ? trim(reason.asText()) : null,
                OutcomeRow.FROM_EVENT,
                event.messageId()));
    }

    public static Decoded fromAlert(ConsumedRecord<AlertEvent> record) {
        if (record.problem() != null) {
            return rejected(record.problem());
        }
        AlertEvent event = record.message();
        if (isBlank(event.episodeId())
                || isBlank(event.tenant())
                || isBlank(event.customerId())
                || isBlank(event.state())
                || event.at() == null) {
            return rejected("episodeId, tenant, customerId, state and at are required");
        }
        if (event.episodeId().length() > MAX_ID_LENGTH || event.customerId().length() > MAX_ID_LENGTH) {
            return rejected("episodeId and customerId must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (!ContractLimits.isInstant(event.at())) {
            return rejected(
                    "at must lie between " + ContractLimits.EARLIEST_DATE + " and " + ContractLimits.LATEST_DATE);
        }
        String kind = switch (event.state()) {
            case "won_back" -> OutcomeRow.WON_BACK;
            case "resolved" -> resolvedKind(event.outcome());
            default -> "";
        };
        if (kind == null) {
            return rejected("a resolved AlertEvent needs an outcome: saved, churned or false_alarm");
        }
        if (kind.isEmpty()) {
            return new Decoded(null, null);
        }
        String sourceId = event.episodeId() + ":" + event.state() + ":" + event.at();
        return new Decoded(
                new OutcomeRow(
                        event.tenant(),
                        event.customerId(),
                        kind,
                        event.at(),
                        trim(event.reason()),
                        OutcomeRow.FROM_RESOLUTION,
                        sourceId),
                null);
    }

    /** The outcome kind of a resolution, "" for a false alarm (not an outcome), null when unknown. */
    private static String resolvedKind(String outcome) {
        if (outcome == null) {
            return null;
        }
        return switch (outcome) {
            case "churned" -> OutcomeRow.CHURNED;
            case "saved" -> OutcomeRow.SAVED;
            case "false_alarm" -> "";
            default -> null;
        };
    }

    private static String trim(String reason) {
        return reason == null || reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Decoded rejected(String reason) {
        return new Decoded(null, reason == null || reason.isBlank() ? "unreadable record" : reason);
    }
}
