package io.churnwatch.scoring.api;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Parses query parameters, answering a 400 problem that names the parameter. */
final class QueryParams {

    private QueryParams() {}

    static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw invalid(
                    name,
                    "must be one of "
                            + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT));
        }
    }

    static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(name, "is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a date YYYY-MM-DD");
        }
    }

    static ProblemException invalid(String name, String message) {
        return ProblemException.invalid(
                ProblemType.INVALID_REQUEST,
                "Query parameter '" + name + "' " + message,
                List.of(new Problem.FieldError("/query/" + name, message)));
    }
}
