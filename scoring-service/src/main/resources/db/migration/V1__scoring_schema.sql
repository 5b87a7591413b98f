-- The scoring service's own schema; its tables come with the scoring issue.
SELECT 1;
