package io.churnwatch.common.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns Jackson's errors into short, safe sentences and JSON pointers. */
public final class JsonErrors {

    private JsonErrors() {}

    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return message;
        }
        return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** What is wrong with the value at {@link #pointer}, in the API's words, never a Java class name. */
    public static String explain(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known member";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String expected = expected(mismatch.getTargetType());
            if (e instanceof InvalidFormatException format && format.getValue() != null) {
                return expected + "; got '" + shorten(String.valueOf(format.getValue())) + "'";
            }
            return expected;
        }
        return "cannot be read: " + describe(e);
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", ", "[", "]"));
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (type == String.class || type == Character.class) {
            return "must be a string";
        }
        if (type == Duration.class) {
            return "must be an ISO-8601 duration such as PT30M";
        }
        if (type == LocalDate.class) {
            return "must be a date such as 2026-11-20";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date-time such as 2026-11-20T10:15:00Z";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "has the wrong type";
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    public static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/');
            pointer.append(
                    reference.getFieldName() != null
                            ? ViolationPointers.escape(reference.getFieldName())
                            : Integer.toString(reference.getIndex()));
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }
}
