-- The API key that asked for a stream token: the stream it opens ends when that key is revoked.
ALTER TABLE alert.stream_tokens ADD COLUMN key_id text;
CREATE INDEX stream_tokens_tenant ON alert.stream_tokens (tenant);
