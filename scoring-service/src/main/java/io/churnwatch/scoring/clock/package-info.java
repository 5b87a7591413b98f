/**
 * The one source of "now" for scoring: the wall clock, or per tenant the event-time watermark of a replay. Its own
 * package because state, gaps, alive, outcomes and learning all read it (in state it would tie learning and state
 * into a cycle).
 */
package io.churnwatch.scoring.clock;
