-- Per-customer scoring state. The columns the API filters and sorts on are real columns; the rest of
-- the pure core's CustomerState (decayed signal sums, gap statistics, factor contributions) is one JSON text
-- document. next_due_at is when the usage-gap factor next steps up: the gap scan visits only rows
-- whose due time has passed, through the partial index.
CREATE TABLE customers (
    tenant_id         text             NOT NULL,
    customer_id       text             NOT NULL,
    status            text             NOT NULL DEFAULT 'ACTIVE',
    status_changed_at timestamptz,
    level             text             NOT NULL DEFAULT 'LOW',
    score             double precision NOT NULL DEFAULT 0,
    reported_score    double precision NOT NULL DEFAULT 0,
    priority          double precision NOT NULL DEFAULT 0,
    p_alive           double precision,
    segment           text,
    owner             text,
    plan              text,
    mrr               numeric(19, 4),
    currency          text,
    signup_date       date,
    first_seen_at     timestamptz,
    last_event_at     timestamptz,
    last_activity_at  timestamptz,
    first_activity_at timestamptz,
    activity_days     integer          NOT NULL DEFAULT 0,
    scored_at         timestamptz,
    next_due_at       timestamptz,
    state             text             NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX customers_next_due ON customers (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX customers_tenant_priority ON customers (tenant_id, priority DESC, customer_id);

-- Kafka offsets consumed into the state, written in the same transaction as the state: the database,
-- not Kafka's committed offset, decides which records were already applied.
CREATE TABLE consumer_offsets (
    group_id     text    NOT NULL,
    topic        text    NOT NULL,
    partition_no integer NOT NULL,
    next_offset  bigint  NOT NULL,
    PRIMARY KEY (group_id, topic, partition_no)
);

-- Message ids applied, as the first 128 bits of SHA-256(tenant NUL messageId): ingest-level duplicates
-- (the same messageId written to Kafka twice) are applied once. Kept churnwatch.scoring.dedupe-retention.
CREATE TABLE processed_messages (
    id_hash      uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_messages_at ON processed_messages USING brin (processed_at);

-- Transactional outbox: risk changes and dead-lettered events are written here with the state and
-- relayed to Kafka (acks=all) afterwards; sent_at marks what Kafka acknowledged.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    record_key  text,
    payload     bytea,
    change_id   text,
    tenant_id   text,
    dlq_reason  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Events as applied, for the customer timeline and the churn metrics.
CREATE TABLE customer_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text        NOT NULL,
    customer_id text        NOT NULL,
    message_id  text        NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    properties  text
);
CREATE INDEX customer_events_customer ON customer_events (tenant_id, customer_id, occurred_at);
CREATE INDEX customer_events_status ON customer_events (tenant_id, occurred_at) WHERE type IN ('churned', 'won_back');

-- Every recorded assessment, for the timeline.
CREATE TABLE score_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text             NOT NULL,
    customer_id text             NOT NULL,
    scored_at   timestamptz      NOT NULL,
    score       double precision NOT NULL,
    level       text             NOT NULL,
    priority    double precision NOT NULL,
    p_alive     double precision,
    cause       text             NOT NULL,
    factors     text             NOT NULL
);
CREATE INDEX score_history_customer ON score_history (tenant_id, customer_id, scored_at);

-- Policy overrides per tenant (segment '' = the tenant's default) on top of the documented defaults.
CREATE TABLE policies (
    tenant_id  text        NOT NULL,
    segment    text        NOT NULL,
    document   text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, segment)
);

-- Per-tenant event-time watermark (the latest event time seen) for churnwatch.scoring.clock=event-time.
CREATE TABLE tenant_clocks (
    tenant_id text PRIMARY KEY,
    watermark timestamptz NOT NULL
);

-- Per-tenant BG/NBD parameters from the periodic refit.
CREATE TABLE bgnbd_fits (
    tenant_id      text PRIMARY KEY,
    r              double precision NOT NULL,
    alpha          double precision NOT NULL,
    a              double precision NOT NULL,
    b              double precision NOT NULL,
    customers      integer          NOT NULL,
    log_likelihood double precision NOT NULL,
    fitted_at      timestamptz      NOT NULL
);
