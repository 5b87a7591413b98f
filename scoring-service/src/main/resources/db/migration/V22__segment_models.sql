-- A model scores one segment of a tenant ('' = the whole tenant, for segments without a model of their own).
ALTER TABLE churn_models ADD COLUMN segment text NOT NULL DEFAULT '';
