package io.churnwatch.ingest.api;

import io.churnwatch.ingest.intake.EventResult;

/** The answer to one event: its messageId (generated when the client sent none) and its status. */
public record SingleAnswer(String messageId, EventResult.Status status) {}
