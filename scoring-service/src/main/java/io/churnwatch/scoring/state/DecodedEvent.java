package io.churnwatch.scoring.state;

import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.model.ScoringEvent;

/**
 * A consumed record that passed validation: the contract event and what the pure core reads of it.
 *
 * @param partition the Kafka partition it came from
 * @param offset its offset
 * @param event the contract event
 * @param scoring the core's view of it
 */
public record DecodedEvent(int partition, long offset, InteractionEvent event, ScoringEvent scoring) {}
