package io.churnwatch.alert.config;

import io.churnwatch.events.RiskLevel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Knobs of the alert service; each is listed in the README's configuration table. */
@ConfigMapping(prefix = "churnwatch.alert")
public interface AlertConfig {

    /** Lowest risk level that opens an episode. */
    @WithDefault("HIGH")
    RiskLevel openLevel();

    /**
     * Whether a customer reaching the check-in point (scoring's {@code day10_checkin} playbook) below the open level
     * opens a low-priority {@code check_in} episode: in the inbox and the digest, never notified at once.
     */
    @WithDefault("true")
    boolean checkInEpisodes();

    /** A rise of the score by at least this many points since the last notification re-notifies (besides a level rise). */
    @WithDefault("10")
    double renotifyScoreStep();

    /** Most re-notifications (escalations of open episodes) one recipient gets per day (UTC); the episode still updates past it. */
    @WithDefault("3")
    int renotifyCapPerDay();

    /** A resolved episode whose risk rises again within this time is reopened instead of a new one being opened. */
    @WithDefault("P14D")
    Duration reopenCooldown();

    /** Base URL of the inbox; every alert links to {@code <base>/episodes/<id>}. */
    @WithDefault("http://localhost:8082/inbox")
    String inboxBaseUrl();

    Delivery delivery();

    Targets targets();

    Escalation escalation();

    Events events();

    Stream stream();

    Digest digest();

    Scoring scoring();

    Metrics metrics();

    Secrets secrets();

    /** Encryption of channel secrets (webhook URLs with their tokens, signing secrets) at rest. */
    interface Secrets {
        /**
         * AES-256 keys as {@code id:base64} (32 bytes each), comma-separated: the first encrypts, all decrypt. Required
         * outside the local run; on start, rows under an older key are re-encrypted with the first.
         */
        Optional<List<String>> keys();
    }

    /** The AlertEvent outbox relay to {@code churnwatch.alerts.v1}. */
    interface Events {
        /** How often the relay looks for unsent events (read by the scheduler; at least 1s). It is also woken after each commit that queued events. */
        @WithDefault("1s")
        String pollEvery();

        /** Most events sent per relay pass. */
        @WithDefault("500")
        int batchSize();

        /** Longest wait for Kafka's acknowledgements of one pass; unacknowledged events stay for the next pass. */
        @WithDefault("PT10S")
        Duration sendTimeout();

        /** How long sent events stay in the outbox table; they are also the episode history the inbox shows. */
        @WithDefault("P180D")
        Duration retention();
    }

    /** The inbox's live stream (server-sent events). */
    interface Stream {
        /** How long a stream token (from {@code POST /v1/alerts/stream/tokens}) may wait before it is used; each token opens one stream. */
        @WithDefault("PT1M")
        Duration tokenTtl();

        /** Interval of the keep-alive events on an open stream. */
        @WithDefault("PT15S")
        Duration heartbeat();

        /** Most live streams one tenant may have open at once on one instance; the next is refused with 429. */
        @WithDefault("20")
        int maxStreamsPerTenant();

        /** Most unused, unexpired stream tokens one tenant may hold; the next is refused with 429. */
        @WithDefault("20")
        int maxTokensPerTenant();

        /** How often the keys of open streams are checked (read by the scheduler); a stream whose key was revoked ends. */
        @WithDefault("5s")
        String keyCheckEvery();
    }

    /** Daily and weekly digests per recipient. */
    interface Digest {
        /** When daily digests go out (Quartz cron, server time zone); "off" disables them. */
        @WithDefault("0 0 7 * * ?")
        String dailyCron();

        /** When weekly digests go out (Quartz cron, server time zone); "off" disables them. */
        @WithDefault("0 0 7 ? * MON")
        String weeklyCron();

        /** Most episodes listed in one digest (the highest priority ones). */
        @WithDefault("50")
        int maxItems();
    }

    /** The scoring service, for the score history in the inbox's customer view. */
    interface Scoring {
        /** Base URL of scoring-service (for example http://localhost:8081); unset: the inbox shows the alert's own history only. */
        Optional<String> baseUrl();

        /** Timeout of one call to the scoring service; past it the inbox goes on without the score history. */
        @WithDefault("PT3S")
        Duration timeout();
    }

    /** Business metrics read from the database (gauges). */
    interface Metrics {
        /** How often the gauges (open episodes, outbox backlog, precision) are recomputed (read by the scheduler). */
        @WithDefault("30s")
        String refreshEvery();
    }

    /** The escalation of unacknowledged episodes. */
    interface Escalation {
        /** How often unacknowledged episodes and ended snoozes are checked (read by the scheduler). */
        @WithDefault("30s")
        String checkEvery();
    }

    /** The outbox relay. */
    interface Delivery {
        /**
         * How often the relay looks for due messages (read by the scheduler; at least 1s). It is also woken after each commit
         * that queued deliveries; the poll picks up retries, held and crash-left rows, and rows other instances queued.
         */
        @WithDefault("1s")
        String pollEvery();

        /** Most outbox rows claimed per relay pass. */
        @WithDefault("200")
        int batchSize();

        /** Most requests in flight at once, over channels and episodes; one episode's messages to one address go in order. */
        @WithDefault("8")
        int concurrency();

        /** Most requests in flight at once for one tenant, so a tenant whose receiver is slow holds only its own share. */
        @WithDefault("2")
        int concurrencyPerTenant();

        /** Attempts before a message is marked failed. */
        @WithDefault("8")
        int maxAttempts();

        /** Backoff after the first failed attempt; doubles per attempt, with full jitter. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        /** Longest backoff between two attempts. */
        @WithDefault("PT30M")
        Duration maxBackoff();

        /** A row claimed longer ago than this without being marked is taken to be left by a crash, and sent again with the same idempotency key. */
        @WithDefault("PT2M")
        Duration claimTimeout();

        /** Timeout of one HTTP delivery. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }

    /** Which webhook targets are allowed (SSRF protection). */
    interface Targets {
        /** Allow plain http:// targets (never in production). */
        @WithDefault("false")
        boolean allowHttp();

        /** Allow loopback, private, link-local and other internal addresses (never in production). */
        @WithDefault("false")
        boolean allowPrivate();
    }
}
