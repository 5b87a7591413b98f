package io.churnwatch.scoring.state;

import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.model.ScoringEvent;
import java.util.Optional;

/**
 * Checks one consumed event defensively: anything that cannot be scored comes back as a reason for the
 * dead-letter topic instead of an exception, so one bad record never stops a batch.
 */
public final class EventDecoder {

    private static final int MAX_ID_LENGTH = 256;
    private static final String DATE_RANGE =
            ContractLimits.EARLIEST_DATE + " to " + ContractLimits.LATEST_DATE + " (exclusive)";

    /** The outcome for one record: exactly one of {@code event} and {@code reason} is set. */
    public record Outcome(DecodedEvent event, String reason) {}

    private EventDecoder() {}

    public static Outcome decode(ConsumedRecord<InteractionEvent> record) {
        if (record.problem() != null) {
            return rejected(record.problem());
        }
        InteractionEvent event = record.message();
        Optional<String> problem = problem(event);
        if (problem.isPresent()) {
            return rejected(problem.get());
        }
        try {
            Integer nps = EventType.NPS.wireName().equals(event.type()) ? npsScore(event) : null;
            ScoringEvent scoring = new ScoringEvent(event.type(), event.timestamp(), nps, event.traits());
            return new Outcome(new DecodedEvent(record.partition(), record.offset(), event, scoring), null);
        } catch (RuntimeException e) {
            return rejected(e.getMessage());
        }
    }

    private static Optional<String> problem(InteractionEvent event) {
        if (isBlank(event.tenant())
                || isBlank(event.customerId())
                || isBlank(event.type())
                || isBlank(event.messageId())) {
            return Optional.of("tenant, customerId, type and messageId are required");
        }
        if (event.customerId().length() > MAX_ID_LENGTH || event.messageId().length() > MAX_ID_LENGTH) {
            return Optional.of("customerId and messageId must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (event.timestamp() == null) {
            return Optional.of("timestamp is required");
        }
        return outOfRange(event);
    }

    /** Values the contract bounds ({@link ContractLimits}): outside them, storing the event would fail the batch. */
    private static Optional<String> outOfRange(InteractionEvent event) {
        if (!ContractLimits.isInstant(event.timestamp())) {
            return Optional.of("timestamp " + event.timestamp() + " is outside " + DATE_RANGE);
        }
        CustomerTraits traits = event.traits();
        if (traits != null && traits.mrr() != null && !ContractLimits.isMoney(traits.mrr())) {
            return Optional.of("traits.mrr " + traits.mrr() + " is not an amount from 0 to "
                    + ContractLimits.MAX_MONEY.toPlainString() + " with at most " + ContractLimits.MONEY_FRACTION_DIGITS
                    + " decimals");
        }
        if (traits != null && traits.signupDate() != null && !ContractLimits.isDate(traits.signupDate())) {
            return Optional.of("traits.signupDate " + traits.signupDate() + " is outside " + DATE_RANGE);
        }
        return Optional.empty();
    }

    private static Integer npsScore(InteractionEvent event) {
        var score = event.properties() == null ? null : event.properties().get("score");
        return score != null && score.canConvertToInt() && score.isIntegralNumber() ? score.intValue() : null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Outcome rejected(String reason) {
        return new Outcome(null, reason == null || reason.isBlank() ? "unreadable record" : reason);
    }
}
