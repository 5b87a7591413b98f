package io.churnwatch.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Knobs of the scoring service; each is listed in the README's configuration table. */
@ConfigMapping(prefix = "churnwatch.scoring")
public interface ScoringConfig {

    /** Which time scores are computed at. */
    enum ClockMode {
        WALL,
        EVENT_TIME
    }

    /** {@code wall}: the system clock; {@code event-time}: per tenant, the latest event time seen (replays). */
    @WithDefault("wall")
    ClockMode clock();

    /** A risk change is emitted when the level changes or the score moved this many points since the last one emitted. */
    @WithDefault("10")
    double scoreChangeThreshold();

    /** An event's rescoring adds a score-history row only when the score moved this many points since the last row (or the level changed). */
    @WithDefault("1")
    double historyMinMove();

    /** How many factors a risk change carries. */
    @WithDefault("5")
    int topFactors();

    /** How long processed message ids are remembered (at least ingest's dedupe retention). */
    @WithDefault("P8D")
    Duration dedupeRetention();

    /** How often old processed ids and sent outbox rows are purged. */
    @WithDefault("10m")
    String purgeEvery();

    /** How many customers' parsed states are kept between batches (0 turns the cache off). */
    @WithDefault("20000")
    int stateCacheSize();

    GapScan gapScan();

    Outbox outbox();

    BgNbd bgNbd();

    Report report();

    /** Bounds of the churn report ({@code GET /v1/metrics/churn}). */
    interface Report {
        /** Longest period one report may cover, in days; a longer one is refused with 400 naming {@code to}. */
        @WithDefault("366")
        int maxDays();

        /** Most groups (segments or reasons) in one report, the first by key. */
        @WithDefault("200")
        int maxGroups();

        /** Longest a report's query may run; past it the report is refused with 503 and the query is cancelled. */
        @WithDefault("PT10S")
        Duration statementTimeout();
    }

    Outcomes outcomes();

    Learning learning();

    /** The learned churn model per tenant (see the README's "Learned warnings"). */
    interface Learning {
        /** Whether snapshots are kept and models trained; off, the rules alone score. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Whether a trained model's probability sets the levels; off (the default), models are trained and kept but
         * the rules still decide, until the model has been proven on the tenant's history with bench/replay.
         */
        @WithDefault("false")
        boolean setsLevels();

        /** The model predicts churn within this long after a snapshot. */
        @WithDefault("P45D")
        Duration horizon();

        /** Fewest known churns before a tenant's first model is trained (the rules score until then). */
        @WithDefault("50")
        int minChurns();

        /**
         * Fewest known churns in one segment before it gets a model of its own, trained with the tenant's; segments
         * with fewer are scored by the tenant's model.
         */
        @WithDefault("200")
        int segmentMinChurns();

        /** A tenant's model is retrained when this much event time passed since the last training... */
        @WithDefault("P14D")
        Duration retrainEvery();

        /** ...or when this many new churns became known. */
        @WithDefault("100")
        int retrainAfterChurns();

        /** How often (wall clock) tenants are checked for retraining and peer statistics refreshed. */
        @WithDefault("60s")
        String checkEvery();

        /** Peer statistics are recomputed when a tenant's clock moved this far since the last time. */
        @WithDefault("P1D")
        Duration peerRefresh();

        /** A customer's features are kept for training at most this often. */
        @WithDefault("P7D")
        Duration snapshotEvery();

        /** A customer without events is rescored at least this often, so silence and peers move the probability. */
        @WithDefault("P3D")
        Duration recheckEvery();

        /** Customers silent longer than this are no longer rechecked nor snapshotted. */
        @WithDefault("P180D")
        Duration dormantAfter();

        /** Most snapshots one training reads (non-churners are sampled down, and weighted up). */
        @WithDefault("300000")
        int maxTrainingRows();

        /** Segments with fewer live customers are compared with the whole tenant. */
        @WithDefault("20")
        int minPeers();

        /** Boosting rounds of a training. */
        @WithDefault("150")
        int rounds();
    }

    /** The scheduled usage-gap scan. */
    interface GapScan {
        /** How often the scan runs ({@code off} disables it). */
        @WithDefault("60s")
        String every();

        /** Customers re-scored per transaction. */
        @WithDefault("200")
        int pageSize();

        /** Most pages per run, so one run stays bounded. */
        @WithDefault("50")
        int maxPages();
    }

    /** The outbox relay to Kafka. */
    interface Outbox {
        /** How often the relay looks for unsent rows. */
        @WithDefault("1s")
        String every();

        /** Rows relayed per round. */
        @WithDefault("500")
        int batchSize();

        /** Longest wait for Kafka's acknowledgement of a round. */
        @WithDefault("PT10S")
        Duration sendTimeout();

        /** How long sent rows are kept before they are deleted. */
        @WithDefault("P1D")
        Duration retention();
    }

    /** The periodic per-tenant BG/NBD refit. */
    interface BgNbd {
        /** How old a tenant's fit may grow on its clock (event time in a replay) before it is refitted ({@code off} disables it). */
        @WithDefault("6h")
        String every();

        /** Fewest customers with an activity history before a tenant is fitted. */
        @WithDefault("20")
        int minCustomers();

        /** Most customers per tenant read into one fit (the most recently active). */
        @WithDefault("20000")
        int maxCustomers();
    }

    /** Outcomes (churned, won back, saved) from integrators' events and the inbox's resolutions. */
    interface Outcomes {
        /** Churned outcomes of one customer this close to each other, with no won_back between, are one churn. */
        @WithDefault("P30D")
        Duration churnWindow();
    }
}
