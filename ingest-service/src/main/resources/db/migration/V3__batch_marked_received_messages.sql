-- One row per message id and nothing more per event: a row belongs to the request (batch) that
-- reserved it, and the batch is pending until Kafka acknowledged its events. A message id is
-- written when its row exists and its batch is no longer pending; in flight while the batch is
-- pending; left by a crash when the pending batch is older than the reservation timeout.
DROP TABLE received_messages;

CREATE TABLE pending_batches (
    batch_id   uuid        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE received_messages (
    id_hash  uuid        PRIMARY KEY,
    batch_id uuid        NOT NULL,
    seen_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX received_messages_seen_at ON received_messages USING brin (seen_at);
