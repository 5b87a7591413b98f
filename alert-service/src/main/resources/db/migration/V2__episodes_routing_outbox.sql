-- Alert episodes, their routing, and the delivery outbox. Every table carries the tenant; every
-- query of the REST API filters by it.

-- Risk changes already applied: checked and written in the same transaction as the episode change.
CREATE TABLE alert.processed_changes (
    change_id    text PRIMARY KEY,
    tenant       text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_changes_at ON alert.processed_changes USING brin (processed_at);

CREATE TABLE alert.routing_rules (
    id              uuid PRIMARY KEY,
    tenant          text        NOT NULL,
    name            text        NOT NULL,
    position        int         NOT NULL DEFAULT 100,
    min_level       text        NOT NULL DEFAULT 'HIGH',
    segment         text,
    min_mrr         numeric(14, 2),
    team            text,
    channel_ids     text        NOT NULL DEFAULT '[]',
    escalate_after_seconds bigint,
    escalate_to     uuid,
    enabled         boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_rules_tenant ON alert.routing_rules (tenant, position);

CREATE TABLE alert.recipients (
    id          uuid PRIMARY KEY,
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    email       text        NOT NULL,
    team        text,
    manager     boolean     NOT NULL DEFAULT false,
    active      boolean     NOT NULL DEFAULT true,
    channel_ids text        NOT NULL DEFAULT '[]',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, email)
);
CREATE INDEX recipients_team ON alert.recipients (tenant, team);

-- Round-robin position per team.
CREATE TABLE alert.team_cursors (
    id   text   PRIMARY KEY, -- tenant + '/' + team
    turn bigint NOT NULL DEFAULT 0
);

CREATE TABLE alert.channels (
    id         uuid PRIMARY KEY,
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    type       text        NOT NULL,
    target     text,
    secret     text,
    enabled    boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_tenant ON alert.channels (tenant);

CREATE TABLE alert.episodes (
    id                uuid PRIMARY KEY,
    tenant            text        NOT NULL,
    customer_id       text        NOT NULL,
    kind              text        NOT NULL,
    state             text        NOT NULL,
    level             text        NOT NULL,
    score             double precision NOT NULL,
    priority          double precision NOT NULL DEFAULT 0,
    notified_level    text,
    notified_score    double precision,
    last_change       text        NOT NULL,
    segment           text,
    mrr               numeric(14, 2),
    owner             text,
    assignee          uuid,
    owner_left        boolean     NOT NULL DEFAULT false,
    rule_id           uuid,
    opened_at         timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    acknowledged_at   timestamptz,
    snoozed_until     timestamptz,
    escalated_at      timestamptz,
    resolved_at       timestamptz,
    outcome           text,
    reason            text,
    resolution_note   text,
    reopen_count      int         NOT NULL DEFAULT 0,
    notifications     int         NOT NULL DEFAULT 0
);
-- One open (not resolved) episode per tenant, customer and kind.
CREATE UNIQUE INDEX episodes_one_open ON alert.episodes (tenant, customer_id, kind) WHERE state <> 'RESOLVED';
CREATE INDEX episodes_tenant_state ON alert.episodes (tenant, state, priority DESC);
CREATE INDEX episodes_unacknowledged ON alert.episodes (opened_at) WHERE state = 'OPEN' AND escalated_at IS NULL;

-- Notifications per recipient and day, for the daily re-notification cap.
-- key: tenant + '/' + recipient id (or channel id for a channel without a person) + '/' + UTC date.
CREATE TABLE alert.recipient_days (
    id   text PRIMARY KEY,
    day  date NOT NULL,
    sent int  NOT NULL DEFAULT 0
);

-- The outbox: one row per message to one channel (and address), written with the episode change.
CREATE TABLE alert.outbox (
    id               uuid PRIMARY KEY,
    tenant           text        NOT NULL,
    episode_id       uuid        NOT NULL,
    channel_id       uuid        NOT NULL,
    recipient_id     uuid,
    address          text,
    purpose          text        NOT NULL,
    message          text        NOT NULL,
    idempotency_key  text        NOT NULL UNIQUE,
    state            text        NOT NULL DEFAULT 'pending',
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_at       timestamptz,
    sent_at          timestamptz,
    digest_key       text,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON alert.outbox (next_attempt_at) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_episode ON alert.outbox (episode_id);

-- One row per delivery attempt (a digest attempt writes one row per folded message, same request id).
CREATE TABLE alert.delivery_log (
    id           bigserial PRIMARY KEY,
    outbox_id    uuid        NOT NULL,
    channel_id   uuid        NOT NULL,
    request_id   uuid        NOT NULL,
    attempt      int         NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    outcome      text        NOT NULL,
    status_code  int,
    detail       text,
    duration_ms  int
);
CREATE INDEX delivery_log_outbox ON alert.delivery_log (outbox_id);
CREATE INDEX delivery_log_channel_at ON alert.delivery_log (channel_id, at);
