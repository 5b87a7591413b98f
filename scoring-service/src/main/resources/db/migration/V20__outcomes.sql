-- What became of customers, from both sources: integrators' churned/won_back events (source 'event', source_id
-- the message id) and alert episodes resolved in the inbox (source 'resolution', source_id episode id, state and
-- time of the AlertEvent). Every row is kept; the same churn reported by both sources is merged when read
-- (OutcomeRepository: churned outcomes within churnwatch.scoring.outcomes.churn-window of each other, with no
-- won_back between them, are one churn). The unique key makes a redelivered outcome a no-op.
CREATE TABLE outcomes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text        NOT NULL,
    customer_id text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('churned', 'won_back', 'saved')),
    occurred_at timestamptz NOT NULL,
    reason      text,
    source      text        NOT NULL CHECK (source IN ('event', 'resolution')),
    source_id   text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, source, source_id)
);
CREATE INDEX outcomes_customer ON outcomes (tenant_id, customer_id, occurred_at);
CREATE INDEX outcomes_occurred ON outcomes (tenant_id, occurred_at);

-- The churned/won_back events applied before this table existed.
INSERT INTO outcomes (tenant_id, customer_id, kind, occurred_at, reason, source, source_id)
SELECT tenant_id, customer_id, type, occurred_at, left(properties::jsonb ->> 'reason', 200), 'event', message_id
FROM customer_events WHERE type IN ('churned', 'won_back')
ON CONFLICT DO NOTHING;
