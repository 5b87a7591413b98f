package io.churnwatch.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN naming the kind of problem
 * (see docs/problems.md); {@code errors} lists field-level findings with JSON-pointer paths.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:churnwatch:problem:";

    /** One finding about one field: {@code pointer} is a JSON pointer into the request body, such as {@code /events/3/timestamp}. */
    public record FieldError(String pointer, String message) {}

    public static Problem of(ProblemType type, String detail) {
        return new Problem(TYPE_PREFIX + type.slug(), type.title(), type.status(), detail, null, null, Map.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                fieldErrors.isEmpty() ? null : List.copyOf(fieldErrors),
                extensions);
    }

    public Problem withInstance(String requestPath) {
        return new Problem(type, title, status, detail, requestPath, errors, extensions);
    }

    public Problem with(String extension, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(extension, value);
        return new Problem(type, title, status, detail, instance, errors, more);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** Keeps the extensions out of a nested "extensions" member: they are top-level members per RFC 9457. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
