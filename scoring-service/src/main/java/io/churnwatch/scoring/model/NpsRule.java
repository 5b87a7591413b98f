package io.churnwatch.scoring.model;

import java.time.Duration;

/**
 * How an NPS answer moves risk: detractors (0-6) raise it more the lower they score, promoters
 * (9-10) lower it, passives (7-8) are neutral.
 *
 * @param detractorPointsAtZero raw points of an answer 0
 * @param promoterPointsAtTen raw points of an answer 10 (negative)
 * @param halfLife time after which an answer counts half
 */
public record NpsRule(double detractorPointsAtZero, double promoterPointsAtTen, Duration halfLife) {

    public static final NpsRule DEFAULT = new NpsRule(21, -12, Duration.ofDays(60));

    /**
     * Raw points of one answer: detractorPointsAtZero * (7 - score) / 7 for 0-6 (so 0 gives the full
     * weight and 6 a seventh of it), promoterPointsAtTen * (score - 8) / 2 for 9-10 (9 half, 10 full),
     * 0 for 7-8. The bands are the standard NPS bands quoted in DOMAIN.md.
     */
    public double points(int score) {
        if (score < 0 || score > 10) {
            throw new IllegalArgumentException("NPS score runs from 0 to 10, got " + score);
        }
        if (score <= 6) {
            return detractorPointsAtZero * (7 - score) / 7.0;
        }
        return score >= 9 ? promoterPointsAtTen * (score - 8) / 2.0 : 0;
    }

    /** The rule as a {@link SignalRule} for decay and capping; the cap is the larger of the two extremes. */
    public SignalRule asSignalRule() {
        return new SignalRule(0, halfLife, Math.max(Math.abs(detractorPointsAtZero), Math.abs(promoterPointsAtTen)));
    }
}
