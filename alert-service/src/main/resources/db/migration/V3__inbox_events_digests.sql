-- The inbox: AlertEvent outbox, short-lived stream tokens, win-back records and digest preferences.

-- Episode lifecycle events (AlertEvent JSON) for churnwatch.alerts.v1, written in the episode's transaction
-- and relayed to Kafka by AlertEventRelay (acks=all); a row is marked sent only after Kafka's acknowledgement.
CREATE TABLE alert.event_outbox (
    id         bigserial PRIMARY KEY,
    tenant     text        NOT NULL,
    episode_id uuid        NOT NULL,
    record_key text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);
CREATE INDEX event_outbox_unsent ON alert.event_outbox (id) WHERE sent_at IS NULL;
-- The episode's history in the inbox is read from here (kept for churnwatch.alert.events.retention).
CREATE INDEX event_outbox_episode ON alert.event_outbox (episode_id, id);

-- One-use tokens that open the inbox's server-sent event stream (EventSource cannot send headers).
-- Only the SHA-256 of a token is stored; a token is deleted when used or expired.
CREATE TABLE alert.stream_tokens (
    token_hash text PRIMARY KEY,
    tenant     text        NOT NULL,
    expires_at timestamptz NOT NULL
);

-- A churned customer the team won back: recorded on the resolved (churned) episode.
ALTER TABLE alert.episodes ADD COLUMN won_back_at timestamptz;
CREATE INDEX episodes_assignee ON alert.episodes (tenant, assignee, updated_at);

-- Digest frequency per recipient: none, daily or weekly.
ALTER TABLE alert.recipients ADD COLUMN digest text NOT NULL DEFAULT 'none';

-- Digests go through the delivery outbox too, and belong to no single episode.
ALTER TABLE alert.outbox ALTER COLUMN episode_id DROP NOT NULL;
