package io.churnwatch.ingest.validation;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.events.InteractionEvent;
import java.util.List;

/** One event of a request after validation: either a valid event with its JSON, or the reasons it is invalid. */
public record Candidate(
        int index,
        String messageId,
        InteractionEvent event,
        byte[] json,
        List<Problem.FieldError> errors,
        boolean tooLarge) {

    public static Candidate valid(int index, InteractionEvent event, byte[] json) {
        return new Candidate(index, event.messageId(), event, json, List.of(), false);
    }

    public static Candidate invalid(int index, String messageId, List<Problem.FieldError> errors) {
        return new Candidate(index, messageId, null, null, List.copyOf(errors), false);
    }

    public static Candidate oversize(int index, String messageId, Problem.FieldError error) {
        return new Candidate(index, messageId, null, null, List.of(error), true);
    }

    public boolean isValid() {
        return event != null;
    }

    /** Whether the client gave the id, so duplicates can be detected. */
    public boolean dedupable() {
        return isValid() && event.clientMessageId();
    }
}
