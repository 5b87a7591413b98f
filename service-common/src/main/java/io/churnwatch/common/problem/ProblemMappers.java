package io.churnwatch.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
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
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.FieldError(pointer(v), v.getMessage()))
                .collect(Collectors.toList());
        return ProblemResponses.of(Problem.of(ProblemType.INVALID_REQUEST, "Request has invalid fields")
                .withErrors(errors).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return ProblemResponses.of(Problem.of(ProblemType.MALFORMED_JSON, JsonErrors.describe(e)).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response wrongJsonShape(JsonMappingException e, UriInfo uri) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException invalid) {
            // A value object refused its members: its message names the rule, never the class.
            Problem problem = Problem.of(ProblemType.INVALID_REQUEST, "Request body is invalid: " + invalid.getMessage())
                    .withErrors(List.of(new Problem.FieldError(JsonErrors.pointer(e), invalid.getMessage())));
            return ProblemResponses.of(problem.withInstance(uri.getPath()));
        }
        Problem problem = Problem.of(ProblemType.INVALID_REQUEST, "Request body has the wrong shape: " + e.getOriginalMessage())
                .withErrors(List.of(new Problem.FieldError(JsonErrors.pointer(e), JsonErrors.describe(e))));
        return ProblemResponses.of(problem.withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.of(Problem.of(ProblemType.MALFORMED_JSON, JsonErrors.describe(e)).withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonMappingException shape) {
            return wrongJsonShape(shape, uri);
        }
        ProblemType type = typeOf(e);
        Response original = e.getResponse();
        String detail = type == ProblemType.INTERNAL ? "The request could not be processed" : e.getMessage();
        Response.ResponseBuilder answer = Response.fromResponse(ProblemResponses.of(Problem.of(type, detail).withInstance(uri.getPath())));
        if (original != null && original.getHeaderString("Allow") != null) {
            answer.header("Allow", original.getHeaderString("Allow"));
        }
        return answer.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected error on %s", uri.getPath());
        return ProblemResponses.of(Problem.of(ProblemType.INTERNAL, "The request could not be processed; it has been logged")
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

    private static String pointer(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int firstDot = path.indexOf('.');
        // Method-parameter paths look like "create.arg0.name": keep the bean part only.
        String beanPath = firstDot < 0 ? path : path.substring(path.indexOf('.', firstDot + 1) + 1);
        return "/" + beanPath.replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
    }
}
