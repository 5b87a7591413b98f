package io.churnwatch.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every exception a request can raise to an RFC 9457 answer. Nothing a client sends can
 * produce a 500, and no answer carries a class name or stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return ProblemResponses.of(e.problem().withInstance(uri.getPath()), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(ViolationPointers.of(v), message(v)))
                .sorted(Comparator.comparing(Problem.FieldError::pointer).thenComparing(Problem.FieldError::message))
                .collect(Collectors.toList());
        return ProblemResponses.of(Problem.of(ProblemType.INVALID_REQUEST, summary(errors))
                .withErrors(errors)
                .withInstance(uri.getPath()));
    }

    /** A wrong type or an unreadable value, such as a string where a number belongs or "soon" for a duration. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return wrongJsonShape(e, uri);
    }

    /** A value object that refused its members (its constructor's check failed). */
    @ServerExceptionMapper
    public Response refusedValue(ValueInstantiationException e, UriInfo uri) {
        return wrongJsonShape(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return ProblemResponses.of(
                Problem.of(ProblemType.MALFORMED_JSON, JsonErrors.describe(e)).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response wrongJsonShape(JsonMappingException e, UriInfo uri) {
        String pointer = JsonErrors.pointer(e);
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException invalid) {
            // A value object refused its members: its message names the rule, never the class.
            Problem problem = Problem.of(ProblemType.INVALID_REQUEST, pointer + " " + invalid.getMessage())
                    .withErrors(List.of(new Problem.FieldError(pointer, invalid.getMessage())));
            return ProblemResponses.of(problem.withInstance(uri.getPath()));
        }
        String message = JsonErrors.explain(e);
        Problem problem = Problem.of(ProblemType.INVALID_REQUEST, pointer + " " + message)
                .withErrors(List.of(new Problem.FieldError(pointer, message)));
        return ProblemResponses.of(problem.withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.of(
                Problem.of(ProblemType.MALFORMED_JSON, JsonErrors.describe(e)).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonMappingException shape) {
                return wrongJsonShape(shape, uri);
            }
            if (cause instanceof JsonProcessingException json) {
                return otherJson(json, uri);
            }
        }
        Response original = e.getResponse();
        if (original != null && original.getEntity() instanceof Problem problem) {
            return ProblemResponses.of(problem.withInstance(uri.getPath()));
        }
        ProblemType type = typeOf(e);
        String detail = type == ProblemType.INTERNAL ? "The request could not be processed" : e.getMessage();
        Response.ResponseBuilder answer = Response.fromResponse(
                ProblemResponses.of(Problem.of(type, detail).withInstance(uri.getPath())));
        if (original != null && original.getHeaderString("Allow") != null) {
            answer.header("Allow", original.getHeaderString("Allow"));
        }
        return answer.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected error on %s", uri.getPath());
        return ProblemResponses.of(
                Problem.of(ProblemType.INTERNAL, "The request could not be processed; it has been logged")
                        .withInstance(uri.getPath()));
    }

    private static ProblemType typeOf(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return ProblemType.NOT_FOUND;
        }
        if (e instanceof NotAllowedException) {
            return ProblemType.METHOD_NOT_ALLOWED;
        }
        if (e instanceof NotSupportedException) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        }
        if (e instanceof NotAcceptableException) {
            return ProblemType.NOT_ACCEPTABLE;
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        for (ProblemType type : ProblemType.values()) {
            if (type.status() == status) {
                return type;
            }
        }
        return status < 500 ? ProblemType.INVALID_REQUEST : ProblemType.INTERNAL;
    }

    /** The constraint's message; a refused number is quoted, so the client sees which value was refused (never a string: it may be a secret). */
    private static String message(ConstraintViolation<?> violation) {
        return violation.getInvalidValue() instanceof Number number
                ? violation.getMessage() + " (got " + number + ")"
                : violation.getMessage();
    }

    private static String summary(List<Problem.FieldError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).pointer() + " " + errors.get(0).message();
        }
        return errors.size() + " fields are invalid: "
                + errors.stream().map(Problem.FieldError::pointer).distinct().collect(Collectors.joining(", "));
    }
}
