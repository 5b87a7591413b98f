/**
 * The gap scan: finds customers whose usage gap stepped up with no event at all (their next due time passed) and
 * rescores them with state's rescoring, page by page in their own transactions.
 */
package io.churnwatch.scoring.gaps;
