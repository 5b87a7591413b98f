-- Tenants and their API keys, shared by every service (written by ingest-service's admin API,
-- read by all). Every statement is idempotent because each service applies this file with its
-- own Flyway history.
CREATE SCHEMA IF NOT EXISTS tenancy;

CREATE TABLE IF NOT EXISTS tenancy.tenants (
    id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name       text        NOT NULL,
    settings   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tenancy.api_keys (
    id         text PRIMARY KEY,
    tenant_id  text        NOT NULL REFERENCES tenancy.tenants (id) ON DELETE CASCADE,
    key_hash   text        NOT NULL UNIQUE,
    prefix     text        NOT NULL,
    name       text,
    scopes     text[]      NOT NULL DEFAULT '{ingest,read}',
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX IF NOT EXISTS api_keys_tenant ON tenancy.api_keys (tenant_id);
