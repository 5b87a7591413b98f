-- The learned churn model (package io.churnwatch.scoring.learning).

-- Activity events in all, for the peers' median; when the customer's features were last kept for training.
ALTER TABLE customers ADD COLUMN activity_total integer NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN snapshot_at timestamptz;

-- Features of a customer at an instant (event time), labelled later from outcomes when a model is trained.
CREATE TABLE churn_snapshots (
    tenant_id   text        NOT NULL,
    customer_id text        NOT NULL,
    taken_at    timestamptz NOT NULL,
    base        real[]      NOT NULL,
    type_names  text[]      NOT NULL,
    type_values real[]      NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, taken_at)
);
CREATE INDEX churn_snapshots_tenant_time ON churn_snapshots (tenant_id, taken_at);

-- Every trained model of a tenant; the highest version scores.
CREATE TABLE churn_models (
    tenant_id   text        NOT NULL,
    version     integer     NOT NULL,
    trained_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    features    text[]      NOT NULL,
    booster     bytea       NOT NULL,
    calibration text        NOT NULL,
    validation  text        NOT NULL,
    rows_used   integer     NOT NULL,
    positives   integer     NOT NULL,
    churns      integer     NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
