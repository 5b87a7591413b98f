package io.churnwatch.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChurnMetricsTest {

    @Test
    void fourHundredAtStartAndThreeHundredEightyAtEndIsFivePercent() {
        long lost = ChurnMetrics.customersLost(400, 0, 380);
        Rate churn = ChurnMetrics.customerChurnRate(lost, 400);

        assertThat(lost).isEqualTo(20);
        assertThat(churn.percent()).isCloseTo(5.0, within(1e-12));
        assertThat(churn.formula()).isEqualTo(RateFormula.CUSTOMER_CHURN);
        assertThat(churn.formula().definition()).contains("customers at the start");
        assertThat(ChurnMetrics.retentionRate(lost, 400).percent()).isCloseTo(95.0, within(1e-12));
    }

    @Test
    void fiftyLostOfFiveHundredAcquiredIsTenPercent() {
        Rate churn = ChurnMetrics.acquisitionRelativeChurnRate(50, 500);

        assertThat(churn.percent()).isCloseTo(10.0, within(1e-12));
        assertThat(churn.formula()).isEqualTo(RateFormula.ACQUISITION_RELATIVE_CHURN);
    }

    @Test
    void revenueChurnDividesLostMrrByStartingMrr() {
        Rate churn = ChurnMetrics.revenueChurnRate(new BigDecimal("1250.00"), new BigDecimal("50000"));

        assertThat(churn.percent()).isCloseTo(2.5, within(1e-12));
        assertThat(churn.formula()).isEqualTo(RateFormula.REVENUE_CHURN);
    }

    @Test
    void npsIsPromotersMinusDetractors() {
        // 4 promoters, 3 passives, 3 detractors out of 10: 40% - 30% = 10
        Rate nps = ChurnMetrics.netPromoterScore(List.of(10, 9, 9, 10, 7, 8, 8, 6, 0, 3));

        assertThat(nps.percent()).isCloseTo(10.0, within(1e-12));
        assertThat(ChurnMetrics.netPromoterScore(List.of(0, 1)).percent()).isCloseTo(-100.0, within(1e-12));
        assertThatThrownBy(() -> ChurnMetrics.netPromoterScore(List.of(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyPeriodIsUndefinedRatherThanZero() {
        Rate churn = ChurnMetrics.customerChurnRate(0, 0);

        assertThat(churn.defined()).isFalse();
        assertThat(ChurnMetrics.customerChurnRate(0, 10).defined()).isTrue();
    }

    @Test
    void lifetimeValueIsAverageOrderTimesPurchases() {
        assertThat(ChurnMetrics.lifetimeValue(new BigDecimal("35.50"), 4)).isEqualByComparingTo("142.00");
    }
}
