package io.churnwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Knobs of the ingest service; each is listed in the README's configuration table. */
@ConfigMapping(prefix = "churnwatch.ingest")
public interface IngestConfig {

    /** Largest accepted event, in bytes of JSON. */
    @WithDefault("32768")
    int maxEventBytes();

    /** Largest accepted batch request body, in bytes. */
    @WithDefault("524288")
    int maxBatchBytes();

    /** Most events in one batch request. */
    @WithDefault("500")
    int maxBatchEvents();

    /** How far in the future an event timestamp may lie (clock skew allowance). */
    @WithDefault("PT5M")
    Duration futureTolerance();

    /** How old an event may be; keys with the replay scope are exempt. */
    @WithDefault("P400D")
    Duration horizon();

    /** How long message ids are remembered for deduplication (at least 7 days). */
    @WithDefault("P8D")
    Duration dedupeRetention();

    /** A reservation older than this is taken to be left by a crash, and a retry may take it over. */
    @WithDefault("PT2M")
    Duration reservationTimeout();

    /** Retry-After sent with 503 answers. */
    @WithDefault("PT5S")
    Duration unavailableRetryAfter();

    RateLimit rateLimit();

    Producer producer();

    /** Per-tenant rate limit, counted in events, per instance. */
    interface RateLimit {
        /** Sustained events per second per tenant. */
        @WithDefault("5000")
        long eventsPerSecond();

        /** Burst size in events. */
        @WithDefault("20000")
        long burst();
    }

    /** Kafka producer settings; acks=all and idempotence are fixed. */
    interface Producer {
        /** Upper bound on waiting for Kafka's acknowledgement; past it the request answers 503. */
        @WithDefault("PT10S")
        Duration deliveryTimeout();

        /** Timeout of one produce request to the broker. */
        @WithDefault("PT5S")
        Duration requestTimeout();

        /** How long a send may block waiting for metadata or buffer space. */
        @WithDefault("PT3S")
        Duration maxBlock();

        /** How long the producer waits to fill a batch. */
        @WithDefault("PT0.005S")
        Duration linger();

        /** Producer batch size in bytes. */
        @WithDefault("262144")
        int batchSize();

        /** Bytes of events the producer holds while Kafka has not acknowledged them; when full, sends wait up to max-block. */
        @WithDefault("33554432")
        long bufferMemory();

        /** Compression codec: none, gzip, snappy, lz4 or zstd. */
        @WithDefault("lz4")
        String compression();
    }
}
