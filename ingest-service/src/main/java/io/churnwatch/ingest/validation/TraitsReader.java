package io.churnwatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.common.problem.Problem.FieldError;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.CustomerTraits;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads customer traits from an identify or group call's traits object. Common names used by
 * Segment sources are accepted too (for example {@code monthlyRevenue} for mrr, {@code createdAt}
 * for the signup date); other traits are ignored.
 */
final class TraitsReader {

    private TraitsReader() {}

    static CustomerTraits read(JsonNode traits, String pointer, List<FieldError> errors) {
        if (traits == null || traits.isNull()) {
            return null;
        }
        if (!traits.isObject()) {
            errors.add(new FieldError(pointer, "must be a JSON object"));
            return null;
        }
        int before = errors.size();
        BigDecimal mrr = money(traits, pointer, errors, "mrr", "monthlyRevenue", "monthly_revenue", "value");
        String currency = text(traits, pointer, errors, "currency");
        if (currency != null && !EventValidator.isCurrency(currency)) {
            errors.add(new FieldError(pointer + "/currency", "must be an ISO-4217 code such as EUR"));
        }
        String segment = text(traits, pointer, errors, "segment", "tier");
        String owner = text(traits, pointer, errors, "owner", "accountOwner", "account_owner", "csm");
        String plan = text(traits, pointer, errors, "plan");
        LocalDate signup = date(traits, pointer, errors, "signupDate", "signup_date", "createdAt", "created_at");
        return errors.size() > before ? null : new CustomerTraits(mrr, currency, segment, owner, signup, plan);
    }

    private static String first(JsonNode traits, String... names) {
        for (String name : names) {
            if (traits.hasNonNull(name)) {
                return name;
            }
        }
        return null;
    }

    private static BigDecimal money(JsonNode traits, String pointer, List<FieldError> errors, String... names) {
        String name = first(traits, names);
        if (name == null) {
            return null;
        }
        JsonNode value = traits.get(name);
        BigDecimal amount = null;
        if (value.isNumber()) {
            amount = EventValidator.decimal(value);
        } else if (value.isTextual()) {
            try {
                amount = new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                amount = null;
            }
        }
        if (!ContractLimits.isMoney(amount)) {
            errors.add(new FieldError(pointer + "/" + name, "must be a number " + EventValidator.MONEY_RULE));
            return null;
        }
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static String text(JsonNode traits, String pointer, List<FieldError> errors, String... names) {
        String name = first(traits, names);
        return name == null
                ? null
                : EventValidator.text(traits, name, pointer, EventValidator.maxText(), false, errors);
    }

    private static LocalDate date(JsonNode traits, String pointer, List<FieldError> errors, String... names) {
        String name = first(traits, names);
        if (name == null) {
            return null;
        }
        JsonNode value = traits.get(name);
        var parsed = value.isTextual()
                ? EventValidator.Timestamps.parseDate(value.asText())
                : java.util.Optional.<LocalDate>empty();
        if (parsed.isEmpty()) {
            errors.add(new FieldError(pointer + "/" + name, "must be an ISO-8601 date such as 2024-03-01"));
            return null;
        }
        if (!ContractLimits.isDate(parsed.get())) {
            errors.add(new FieldError(pointer + "/" + name, "must lie " + ContractLimits.dateRange()));
            return null;
        }
        return parsed.get();
    }
}
