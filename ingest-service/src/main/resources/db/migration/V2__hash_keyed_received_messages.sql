-- Message ids are kept as a 128-bit hash of (tenant, messageId): a fixed-size key compares without
-- collation and keeps the primary key small. seen_at has a BRIN index (cheap to maintain, enough
-- for the retention purge), and fillfactor leaves room so marking a row written is a HOT update
-- that touches no index.
DROP TABLE received_messages;

CREATE TABLE received_messages (
    id_hash uuid        PRIMARY KEY,
    written boolean     NOT NULL DEFAULT false,
    seen_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 80);

CREATE INDEX received_messages_seen_at ON received_messages USING brin (seen_at);
