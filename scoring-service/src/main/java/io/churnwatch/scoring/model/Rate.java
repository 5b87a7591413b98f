package io.churnwatch.scoring.model;

/**
 * A ratio together with the formula, numerator and denominator that produced it.
 *
 * @param formula which definition was used
 * @param value the ratio as a fraction (0.05 for 5%); NaN when the denominator is zero
 * @param numerator what was counted or summed on top
 * @param denominator what it was divided by
 */
public record Rate(RateFormula formula, double value, double numerator, double denominator) {

    /** The value in percent, NaN when undefined. */
    public double percent() {
        return value * 100;
    }

    /** Whether the denominator was positive, so that the value means something. */
    public boolean defined() {
        return !Double.isNaN(value);
    }
}
