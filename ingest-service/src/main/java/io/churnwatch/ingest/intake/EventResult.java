package io.churnwatch.ingest.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.churnwatch.common.problem.Problem;
import java.util.List;
import java.util.Locale;

/** What happened to one event of a request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventResult(int index, String messageId, Status status, String reason, List<Problem.FieldError> errors) {

    public enum Status {
        /** Written to Kafka and acknowledged. */
        ACCEPTED,
        /** Its messageId was accepted before; not written again. */
        DUPLICATE,
        /** Invalid; see errors. Sending it again will not help. */
        REJECTED,
        /** Valid but not written (Kafka or the database unavailable, or the same messageId in flight): retry it. */
        NOT_ACCEPTED,
        /** Understood and deliberately not written, such as a Segment alias call. */
        IGNORED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static EventResult accepted(int index, String messageId) {
        return new EventResult(index, messageId, Status.ACCEPTED, null, null);
    }

    public static EventResult duplicate(int index, String messageId) {
        return new EventResult(index, messageId, Status.DUPLICATE, "messageId was accepted before", null);
    }

    public static EventResult rejected(int index, String messageId, List<Problem.FieldError> errors) {
        return new EventResult(index, messageId, Status.REJECTED, errors.get(0).message(), errors);
    }

    public static EventResult ignored(int index, String messageId, String reason) {
        return new EventResult(index, messageId, Status.IGNORED, reason, null);
    }

    /** The same result at another position, for requests whose events were ingested as a subset. */
    public EventResult at(int position) {
        return new EventResult(position, messageId, status, reason, errors);
    }

    public static EventResult notAccepted(int index, String messageId, String reason) {
        return new EventResult(index, messageId, Status.NOT_ACCEPTED, reason, null);
    }
}
