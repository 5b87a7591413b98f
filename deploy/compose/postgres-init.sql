-- Runs once, when the PostgreSQL volume is first created. One database, one schema per service plus the
-- shared tenancy schema; each service's Flyway migrations create its tables (and would create the schema
-- too: creating them here makes ownership explicit and lets a DBA grant per-schema roles later).
CREATE SCHEMA IF NOT EXISTS tenancy AUTHORIZATION churnwatch;
CREATE SCHEMA IF NOT EXISTS ingest AUTHORIZATION churnwatch;
CREATE SCHEMA IF NOT EXISTS scoring AUTHORIZATION churnwatch;
CREATE SCHEMA IF NOT EXISTS alert AUTHORIZATION churnwatch;
