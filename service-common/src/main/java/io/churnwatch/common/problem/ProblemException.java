package io.churnwatch.common.problem;

import java.time.Duration;
import java.util.List;

/** Thrown anywhere in request handling to answer with a problem. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public static ProblemException of(ProblemType type, String detail) {
        return new ProblemException(Problem.of(type, detail));
    }

    public static ProblemException invalid(ProblemType type, String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(type, detail).withErrors(errors));
    }

    public Problem problem() {
        return problem;
    }

    /** For 429 and 503: how long the client should wait, sent as Retry-After. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
