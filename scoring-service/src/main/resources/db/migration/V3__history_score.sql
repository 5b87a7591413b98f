-- The score of the customer's last score-history row: an event's rescoring is recorded only when it moved
-- the score by churnwatch.scoring.history-min-move or changed the level, so busy customers do not flood
-- their timeline (and the table) with identical rows.
ALTER TABLE customers ADD COLUMN history_score double precision;
