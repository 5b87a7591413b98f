package io.churnwatch.alert.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Bodies of the alert lifecycle requests. */
public final class AlertRequests {

    private AlertRequests() {}

    /** Snooze until a time (ISO-8601, at most 90 days ahead). */
    public record Snooze(@NotNull Instant until) {}

    /** Resolve with an outcome and a churn-reason category. */
    public record Resolve(
            @NotNull @Pattern(regexp = "saved|churned|false_alarm", message = "must be saved, churned or false_alarm")
            String outcome,

            @NotNull
            @Pattern(
                    regexp = "price|product_quality|service|support|competitor|owner_left|other",
                    message = "must be price, product_quality, service, support, competitor, owner_left or other")
            String reason,

            @Size(max = 2000) String note) {}
}
