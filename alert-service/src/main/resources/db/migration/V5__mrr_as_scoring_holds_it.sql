-- An episode's MRR comes from scoring's risk changes, which carry any amount the event contract allows
-- (io.churnwatch.events.ContractLimits: 12 integer and 4 decimal digits). numeric(14, 2) overflowed on
-- amounts from 10^12 up and failed the change; routing rules compare against it, so min_mrr follows.
ALTER TABLE alert.episodes ALTER COLUMN mrr TYPE numeric(16, 4);
ALTER TABLE alert.routing_rules ALTER COLUMN min_mrr TYPE numeric(16, 4);
