-- The risk-change consumer reads a whole batch's episodes (open, and resolved within the reopen cool-down) by
-- tenant and customer in one query.
CREATE INDEX episodes_customer ON alert.episodes (tenant, customer_id);
