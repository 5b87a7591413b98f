package io.churnwatch.common.problem;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.function.Function;

/**
 * Reads integer query and header parameters so that {@code size=ten} is a 400 naming {@code /query/size}: JAX-RS's own
 * conversion answers a query parameter it cannot convert with a bare 404.
 */
@Provider
public class NumberParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String pointer = pointer(annotations);
        if (pointer == null) {
            return null;
        }
        if (rawType == Integer.class) {
            return (ParamConverter<T>) new Converter<>(pointer, Integer::valueOf);
        }
        if (rawType == Long.class) {
            return (ParamConverter<T>) new Converter<>(pointer, Long::valueOf);
        }
        return null;
    }

    private static String pointer(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return "/query/" + ViolationPointers.escape(query.value());
            }
            if (annotation instanceof HeaderParam header) {
                return "/header/" + ViolationPointers.escape(header.value());
            }
        }
        return null;
    }

    /** Parses one parameter; refuses a value that is not a whole number with the parameter's pointer. */
    private record Converter<N extends Number>(String pointer, Function<String, N> parse) implements ParamConverter<N> {

        @Override
        public N fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value.trim());
            } catch (NumberFormatException e) {
                Problem problem = Problem.of(ProblemType.INVALID_REQUEST, pointer + " must be a whole number")
                        .withErrors(List.of(new Problem.FieldError(pointer, "must be a whole number")));
                throw new BadRequestException(ProblemResponses.of(problem));
            }
        }

        @Override
        public String toString(N value) {
            return value == null ? null : value.toString();
        }
    }
}
