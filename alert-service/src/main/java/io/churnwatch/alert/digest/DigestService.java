package io.churnwatch.alert.digest;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.delivery.DigestMessage;
import io.churnwatch.alert.delivery.Notifier;
import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.ChannelRepository;
import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EpisodeRepository;
import io.churnwatch.alert.persistence.Ids;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.persistence.RecipientRepository;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Daily and weekly digests per recipient: the episodes assigned to the recipient that still wait for a
 * first look (open) or changed within the period (24 hours or 7 days), ranked by priority (risk with
 * value and tenure), at most {@code churnwatch.alert.digest.max-items}. Digests go out through the
 * delivery outbox to the recipient's own channels, once per recipient, period and day (the idempotency
 * key), whichever instance runs the job.
 */
@ApplicationScoped
public class DigestService {

    /** How far back a digest looks. */
    public enum Period {
        DAILY(Duration.ofDays(1)),
        WEEKLY(Duration.ofDays(7));

        public final Duration window;

        Period(Duration window) {
            this.window = window;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Period parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw ProblemException.of(ProblemType.INVALID_REQUEST, "period must be daily or weekly");
            }
        }
    }

    /** One episode in a digest. */
    public record Item(
            UUID episodeId,
            String customerId,
            String state,
            RiskLevel level,
            double score,
            double priority,
            BigDecimal mrr,
            Integer tenureDays,
            String topFactor,
            Instant updatedAt,
            String link) {}

    public record Digest(
            UUID recipientId, String recipient, String period, Instant from, Instant to, List<Item> items) {}

    private final EpisodeRepository episodes;
    private final RecipientRepository recipients;
    private final ChannelRepository channels;
    private final Notifier notifier;
    private final AlertConfig config;
    private final Clock clock;

    public DigestService(
            EpisodeRepository episodes,
            RecipientRepository recipients,
            ChannelRepository channels,
            Notifier notifier,
            AlertConfig config,
            Clock clock) {
        this.episodes = episodes;
        this.recipients = recipients;
        this.channels = channels;
        this.notifier = notifier;
        this.config = config;
        this.clock = clock;
    }

    /** The recipient's digest as it would go out now. */
    public Uni<Digest> build(Recipient recipient, Period period) {
        Instant to = clock.instant();
        Instant from = to.minus(period.window);
        return episodes.forDigest(
                        recipient.tenant, recipient.id, from, config.digest().maxItems())
                .map(list -> new Digest(
                        recipient.id,
                        recipient.name,
                        period.wire(),
                        from,
                        to,
                        list.stream().map(this::item).toList()));
    }

    /** Writes the period's digest of every recipient who asked for it to the outbox; returns the rows written. */
    @WithTransaction
    public Uni<Integer> enqueue(Period period) {
        return recipients
                .find("digest = ?1 and active = true", period.wire())
                .list()
                .chain(list -> Multi.createFrom()
                        .iterable(list)
                        .onItem()
                        .transformToUniAndConcatenate(r -> enqueue(r, period))
                        .collect()
                        .with(Collectors.summingInt(Integer::intValue)));
    }

    private Uni<Integer> enqueue(Recipient recipient, Period period) {
        Instant now = clock.instant();
        return episodes.forDigest(
                        recipient.tenant,
                        recipient.id,
                        now.minus(period.window),
                        config.digest().maxItems())
                .chain(list -> {
                    if (list.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    String assignee = recipient.name + " <" + recipient.email + ">";
                    DigestMessage message = new DigestMessage(
                            title(recipient, period, list.size()),
                            list.stream()
                                    .map(e -> notifier.message(e, assignee, DigestMessage.PURPOSE))
                                    .toList());
                    String json = new String(ContractSerde.toJson(message), StandardCharsets.UTF_8);
                    String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
                    return channels.findAll(recipient.tenant, Ids.parse(recipient.channelIds))
                            .chain(found -> Multi.createFrom()
                                    .iterable(found)
                                    .onItem()
                                    .transformToUniAndConcatenate(channel -> {
                                        String address = channel.type == ChannelType.EMAIL
                                                ? (channel.target != null && !channel.target.isBlank()
                                                        ? channel.target
                                                        : recipient.email)
                                                : null;
                                        String key = UUID.nameUUIDFromBytes((recipient.tenant + "/" + recipient.id + "/"
                                                                + period.wire() + "/" + day + "/" + channel.id)
                                                        .getBytes(StandardCharsets.UTF_8))
                                                .toString();
                                        return insert(recipient, channel, address, json, key, now);
                                    })
                                    .collect()
                                    .with(Collectors.summingInt(Integer::intValue)));
                });
    }

    private static Uni<Integer> insert(
            Recipient recipient, Channel channel, String address, String json, String key, Instant now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        INSERT INTO alert.outbox (id, tenant, episode_id, channel_id, recipient_id, address, purpose, message, idempotency_key,
                                                  state, next_attempt_at, created_at)
                        VALUES (?1, ?2, NULL, ?3, ?4, ?5, 'digest', ?6, ?7, 'pending', ?8, ?9)
                        ON CONFLICT (idempotency_key) DO NOTHING""")
                        .setParameter(1, UUID.randomUUID())
                        .setParameter(2, recipient.tenant)
                        .setParameter(3, channel.id)
                        .setParameter(4, recipient.id)
                        .setParameter(5, address)
                        .setParameter(6, json)
                        .setParameter(7, key)
                        .setParameter(8, now)
                        .setParameter(9, now)
                        .executeUpdate());
    }

    static String title(Recipient recipient, Period period, int count) {
        return (period == Period.DAILY ? "Daily" : "Weekly") + " churn digest for " + recipient.name + ": " + count
                + (count == 1 ? " customer" : " customers") + ", most urgent first";
    }

    private Item item(Episode e) {
        RiskChange change = ContractSerde.fromJson(e.lastChange.getBytes(StandardCharsets.UTF_8), RiskChange.class);
        String top = change.topFactors() == null || change.topFactors().isEmpty()
                ? null
                : change.topFactors().get(0).label() + ": +"
                        + Math.round(change.topFactors().get(0).contribution());
        return new Item(
                e.id,
                e.customerId,
                e.state.wire(),
                e.level,
                e.score,
                e.priority,
                e.mrr,
                change.tenureDays(),
                top,
                e.updatedAt,
                config.inboxBaseUrl().replaceAll("/+$", "") + "/episodes/" + e.id);
    }
}
