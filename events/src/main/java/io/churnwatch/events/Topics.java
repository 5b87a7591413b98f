package io.churnwatch.events;

import java.util.List;

/** Kafka topic and header names shared by every service. */
public final class Topics {

    /** Validated interaction events, keyed by {@link #customerKey(String, String)}. */
    public static final String EVENTS = "churnwatch.events.v1";
    /** Events the scoring service could not process, with the reason in headers. */
    public static final String EVENTS_DLQ = "churnwatch.events.dlq";
    /** Risk changes emitted by the scoring service. */
    public static final String RISK_CHANGES = "churnwatch.risk-changes.v1";
    /** Risk changes the alert service could not process. */
    public static final String RISK_CHANGES_DLQ = "churnwatch.risk-changes.dlq";
    /** Alert episode lifecycle events emitted by the alert service. */
    public static final String ALERTS = "churnwatch.alerts.v1";
    /** Alert events the scoring service could not read as outcomes, with the reason in headers. */
    public static final String ALERTS_DLQ = "churnwatch.alerts.dlq";

    /** Every topic ChurnWatch uses. */
    public static final List<String> ALL =
            List.of(EVENTS, EVENTS_DLQ, RISK_CHANGES, RISK_CHANGES_DLQ, ALERTS, ALERTS_DLQ);

    /** Header carrying the contract's schema version as a decimal string. */
    public static final String SCHEMA_VERSION_HEADER = "churnwatch-schema-version";
    /** Header carrying the tenant, so tools can filter without parsing the value. */
    public static final String TENANT_HEADER = "churnwatch-tenant";
    /** Header carrying the event type. */
    public static final String TYPE_HEADER = "churnwatch-type";
    /** Header on dead-lettered records: why processing failed. */
    public static final String DLQ_REASON_HEADER = "churnwatch-dlq-reason";

    private Topics() {}

    /** Record key: every event of one customer lands on one partition, so it is consumed in order. */
    public static String customerKey(String tenant, String customerId) {
        return tenant + ":" + customerId;
    }
}
