package io.churnwatch.scoring.policy;

import io.churnwatch.scoring.model.LevelThresholds;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * Level thresholds as the policy API reads them: six scores from above 0 to 100; each level is entered at its
 * {@code enter} score and left below its {@code leave} score, which is not above it. {@link RisingThresholds} checks
 * the order and names the member out of place.
 */
@RisingThresholds
public record PolicyThresholds(
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double enterMedium,

        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double leaveMedium,

        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double enterHigh,

        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double leaveHigh,

        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double enterCritical,

        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100")
        Double leaveCritical) {

    public LevelThresholds toLevels() {
        return new LevelThresholds(enterMedium, leaveMedium, enterHigh, leaveHigh, enterCritical, leaveCritical);
    }
}
