package io.churnwatch.alert.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A consumed record set aside for {@code churnwatch.risk-changes.dlq}, and why. */
record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {}
