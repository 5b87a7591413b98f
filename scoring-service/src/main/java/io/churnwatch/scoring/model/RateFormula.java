package io.churnwatch.scoring.model;

/** The named definitions behind every rate ChurnWatch reports, so a figure always says which one it uses. */
public enum RateFormula {
    CUSTOMER_CHURN("customers lost in the period / customers at the start of the period"),
    ACQUISITION_RELATIVE_CHURN("customers lost in the period / customers acquired in the period"),
    REVENUE_CHURN("MRR of the customers lost in the period / MRR at the start of the period"),
    RETENTION("1 - customers lost in the period / customers at the start of the period"),
    NET_PROMOTER_SCORE("% promoters (9-10) - % detractors (0-6) among the answers");

    private final String definition;

    RateFormula(String definition) {
        this.definition = definition;
    }

    /** The definition in words, for dashboards and API documentation. */
    public String definition() {
        return definition;
    }
}
