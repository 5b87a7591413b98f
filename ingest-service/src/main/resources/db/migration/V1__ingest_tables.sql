-- Message ids seen per tenant, for deduplication across restarts. A row is 'reserved' (0) while its
-- event is being written to Kafka and 'written' (1) once Kafka acknowledged it; reservations left by
-- a crash become stale and can be taken over by a retry.
CREATE TABLE received_messages (
    tenant_id  text        NOT NULL,
    message_id text        NOT NULL,
    state      smallint    NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id)
);
CREATE INDEX received_messages_updated_at ON received_messages (updated_at);

-- Answers to batch requests that carried an Idempotency-Key header.
CREATE TABLE idempotency_keys (
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    status          integer,
    response        text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
