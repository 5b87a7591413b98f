-- The alert service's own schema; its tables come with the alert issue.
SELECT 1;
