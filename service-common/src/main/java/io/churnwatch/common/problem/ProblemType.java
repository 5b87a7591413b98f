package io.churnwatch.common.problem;

/** The kinds of problem ChurnWatch answers with, each with its HTTP status. Documented in docs/problems.md. */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", "Request body is not valid JSON", 400),
    INVALID_REQUEST("invalid-request", "Request is invalid", 400),
    INVALID_EVENT("invalid-event", "Event is invalid", 400),
    UNAUTHORIZED("unauthorized", "Missing or invalid credentials", 401),
    FORBIDDEN("forbidden", "Credentials do not allow this", 403),
    NOT_FOUND("not-found", "Resource not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Cannot produce an acceptable representation", 406),
    CONFLICT("conflict", "Conflict with the current state", 409),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency-Key was used for a different request", 422),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    RATE_LIMITED("rate-limited", "Too many events", 429),
    AUTHENTICATION_THROTTLED("too-many-failed-authentications", "Too many failed authentications", 429),
    LIMIT_REACHED("limit-reached", "A per-tenant limit is reached", 429),
    UNAVAILABLE("unavailable", "Service temporarily unavailable", 503),
    INTERNAL("internal", "Internal error", 500);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return "urn:churnwatch:problem:" + slug;
    }
}
