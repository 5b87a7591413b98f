package io.churnwatch.alert.delivery;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.delivery.channel.ChannelSenders;
import io.churnwatch.alert.delivery.channel.ChannelTarget;
import io.churnwatch.alert.delivery.channel.Delivery;
import io.churnwatch.alert.delivery.channel.DeliveryResult;
import io.churnwatch.alert.persistence.OutboxStore;
import io.churnwatch.alert.persistence.OutboxStore.Attempt;
import io.churnwatch.alert.persistence.OutboxStore.ChannelRow;
import io.churnwatch.alert.persistence.OutboxStore.Claimed;
import io.churnwatch.alert.stats.AlertMetrics;
import io.churnwatch.common.messaging.RelayPasses;
import io.churnwatch.events.ContractSerde;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.ConsumeEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Relays the outbox to the channels: claims due rows, folds what a channel's rate limit cannot take
 * into one digest, sends, and marks each row sent, retried later (exponential backoff with jitter)
 * or failed, logging every attempt. Runs when woken after a commit that queued deliveries, and on
 * its poll (crash recovery, retries, rows queued by other instances).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration HOLD = Duration.ofSeconds(2);

    /** Requests to one channel that go out one after the other, in order. */
    private record Lane(ChannelRow channel, ChannelTarget target, List<List<Claimed>> requests) {}

    /** A channel's lanes, and the rows its rate limit cannot take now. */
    private record ChannelPlan(List<Lane> lanes, List<UUID> waiting) {}

    private final OutboxStore store;
    private final ChannelSenders senders;
    private final AlertConfig.Delivery config;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final RelayPasses passes;
    private final DeliverySlots slots;
    private final RelayWakeUps wakeUps;

    public OutboxRelay(
            OutboxStore store,
            ChannelSenders senders,
            AlertConfig config,
            AlertMetrics metrics,
            Clock clock,
            RelayWakeUps wakeUps) {
        this.store = store;
        this.senders = senders;
        this.metrics = metrics;
        this.config = config.delivery();
        this.clock = clock;
        this.wakeUps = wakeUps;
        this.slots = new DeliverySlots(this.config.concurrency(), this.config.concurrencyPerTenant());
        this.passes =
                new RelayPasses("Outbox relay", this::relayOnce, this.config.batchSize(), wakeUps::deliveriesQueued);
    }

    @Scheduled(
            every = "${churnwatch.alert.delivery.poll-every:1s}",
            identity = "outbox-relay",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return passes.run();
    }

    @ConsumeEvent(RelayWakeUps.DELIVERIES)
    Uni<Void> woken(String ignored) {
        return passes.run();
    }

    /**
     * One pass: claims due rows of the tenants and channels with a free slot, plans each channel's requests within its
     * rate limit (keeping a request for each later pass when more rows wait), and starts each lane that gets a slot
     * (see {@link DeliverySlots}); the rows of a lane without one are given back at once. The pass does not wait for its
     * lanes: each marks its own rows, frees its slot when it ends and asks for another pass. A crash leaves their rows
     * in {@code sending}, resent after the claim timeout. Returns the number of rows claimed.
     */
    public Uni<Integer> relayOnce() {
        if (slots.full()) {
            return Uni.createFrom().item(0);
        }
        return store.claim(config.claimTimeout(), config.batchSize(), slots.fullTenants(), slots.busyChannels())
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : relay(claimed).replaceWith(claimed.size()));
    }

    private Uni<Void> relay(List<Claimed> claimed) {
        List<UUID> channelIds =
                claimed.stream().map(Claimed::channelId).distinct().toList();
        return Uni.combine()
                .all()
                .unis(store.channels(channelIds), store.usage(channelIds), store.queued(channelIds))
                .asTuple()
                .chain(found -> {
                    Map<UUID, List<Claimed>> byChannel = claimed.stream()
                            .collect(
                                    Collectors.groupingBy(Claimed::channelId, LinkedHashMap::new, Collectors.toList()));
                    List<Lane> lanes = new ArrayList<>();
                    List<Uni<Void>> setAside = new ArrayList<>();
                    byChannel.forEach((channelId, rows) -> {
                        ChannelRow channel = found.getItem1().get(channelId);
                        if (channel == null) {
                            setAside.add(store.markFailed(
                                    rows.stream().map(Claimed::id).toList(), null, "channel deleted"));
                            return;
                        }
                        int room = FoldPlanner.spendable(
                                FoldPlanner.remaining(
                                        channel.type(),
                                        found.getItem2().getOrDefault(channelId, new OutboxStore.Usage(0, 0))),
                                found.getItem3().getOrDefault(channelId, 0),
                                config.batchSize());
                        ChannelPlan plan = plan(channel, rows, room);
                        lanes.addAll(plan.lanes());
                        if (!plan.waiting().isEmpty()) {
                            setAside.add(store.release(
                                    plan.waiting(), clock.instant().plus(HOLD)));
                        }
                    });
                    List<Lane> started = new ArrayList<>();
                    List<UUID> noSlot = new ArrayList<>();
                    for (Lane lane : lanes) {
                        if (slots.take(lane.channel().tenant(), lane.channel().id())) {
                            started.add(lane);
                        } else {
                            lane.requests().forEach(request -> request.forEach(row -> noSlot.add(row.id())));
                        }
                    }
                    if (!noSlot.isEmpty()) {
                        setAside.add(store.release(noSlot, clock.instant()));
                    }
                    started.forEach(this::start);
                    return Multi.createFrom()
                            .iterable(setAside)
                            .onItem()
                            .transformToUniAndConcatenate(u -> u)
                            .collect()
                            .last()
                            .replaceWithVoid();
                });
    }

    private void start(Lane lane) {
        sendInOrder(lane)
                .onTermination()
                .invoke(() -> {
                    slots.give(lane.channel().tenant(), lane.channel().id());
                    wakeUps.deliveriesQueued();
                })
                .subscribe()
                .with(done -> {}, e -> LOG.warnf("Lane to %s ended: %s", lane.channel(), e.toString()));
    }

    /**
     * Plans one channel's rows within the requests it may make now. Each episode's messages to an address get a lane of
     * their own (they stay in order; episodes go in parallel); when an address is at the limit, its messages and their
     * digest share one lane so the digest comes last.
     */
    private static ChannelPlan plan(ChannelRow channel, List<Claimed> rows, int room) {
        ChannelTarget target = new ChannelTarget(channel.id(), channel.type(), channel.target(), channel.secret());
        int remaining = room;
        Map<String, List<Claimed>> byAddress = rows.stream()
                .collect(Collectors.groupingBy(
                        r -> Objects.toString(r.address(), ""), LinkedHashMap::new, Collectors.toList()));
        List<Lane> lanes = new ArrayList<>();
        List<UUID> waiting = new ArrayList<>();
        for (List<Claimed> group : byAddress.values()) {
            FoldPlanner.Plan<Claimed> plan = FoldPlanner.plan(group, remaining);
            remaining -= plan.requests();
            if (plan.digest().isEmpty()) {
                plan.individual().stream()
                        .collect(Collectors.groupingBy(
                                r -> Objects.toString(r.episodeId(), ""), LinkedHashMap::new, Collectors.toList()))
                        .values()
                        .forEach(episode -> lanes.add(new Lane(
                                channel, target, episode.stream().map(List::of).toList())));
            } else {
                List<List<Claimed>> requests =
                        new ArrayList<>(plan.individual().stream().map(List::of).toList());
                requests.add(plan.digest());
                lanes.add(new Lane(channel, target, requests));
            }
            plan.waiting().forEach(row -> waiting.add(row.id()));
        }
        return new ChannelPlan(lanes, waiting);
    }

    /** Sends a lane's requests one after the other; a failure (the database) ends the lane, not the others. */
    private Uni<Void> sendInOrder(Lane lane) {
        return Multi.createFrom()
                .iterable(lane.requests())
                .onItem()
                .transformToUniAndConcatenate(request -> send(lane.target(), request)
                        .invoke(outcome -> metrics.delivery(
                                lane.channel().tenant(), lane.channel().type().name(), outcome)))
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "Delivery to %s stopped (%s); its rows are resent after the claim timeout",
                        lane.channel(), e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    /** Sends one request (one message or a digest); returns the outcome: sent, retry or failed. */
    private Uni<String> send(ChannelTarget target, List<Claimed> batch) {
        List<AlertMessage> alerts = new ArrayList<>();
        String title = null;
        for (Claimed row : batch) {
            byte[] json = row.message().getBytes(StandardCharsets.UTF_8);
            if (DigestMessage.PURPOSE.equals(row.purpose())) {
                DigestMessage digest = ContractSerde.fromJson(json, DigestMessage.class);
                alerts.addAll(digest.alerts());
                title = batch.size() == 1 ? digest.title() : null;
            } else {
                alerts.add(ContractSerde.fromJson(json, AlertMessage.class));
            }
        }
        String key = batch.size() == 1 ? batch.get(0).idempotencyKey() : digestKey(batch);
        Delivery delivery = new Delivery(key, batch.get(0).address(), alerts, title);
        long started = System.nanoTime();
        UUID requestId = UUID.randomUUID();
        return senders.of(target.type())
                .send(target, delivery)
                .onFailure()
                .recoverWithItem(
                        error -> DeliveryResult.retry(null, error.getClass().getSimpleName()))
                .chain(result -> record(
                        target,
                        batch,
                        result,
                        requestId,
                        (int) ((System.nanoTime() - started) / 1_000_000),
                        batch.size() > 1 ? key : null));
    }

    private Uni<String> record(
            ChannelTarget target,
            List<Claimed> batch,
            DeliveryResult result,
            UUID requestId,
            int durationMs,
            String digestKey) {
        List<UUID> ids = batch.stream().map(Claimed::id).toList();
        int attempt = batch.stream().mapToInt(Claimed::attempts).max().orElse(0) + 1;
        String outcome =
                result.sent() ? "sent" : result.retryable() && attempt < config.maxAttempts() ? "retry" : "failed";
        List<Attempt> log = batch.stream()
                .map(row -> new Attempt(
                        row.id(),
                        target.id(),
                        requestId,
                        row.attempts() + 1,
                        outcome,
                        result.statusCode(),
                        digestKey == null ? result.detail() : result.detail() + " (digest of " + batch.size() + ")",
                        durationMs))
                .toList();
        Uni<Void> mark;
        if (result.sent()) {
            mark = store.markSent(ids, digestKey);
        } else {
            Instant retryAt = outcome.equals("retry") ? clock.instant().plus(backoff(attempt)) : null;
            LOG.infof("Delivery to %s failed (%s), attempt %d: %s", target, result.detail(), attempt, outcome);
            mark = store.markFailed(ids, retryAt, result.detail());
        }
        return store.log(log).chain(() -> mark).replaceWith(outcome);
    }

    /** Exponential backoff from the initial delay, capped, with "equal jitter": half fixed, half random. */
    Duration backoff(int attempt) {
        long base = config.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static String digestKey(List<Claimed> batch) {
        String keys = batch.stream().map(Claimed::idempotencyKey).sorted().collect(Collectors.joining(","));
        return "digest-" + UUID.nameUUIDFromBytes(keys.getBytes(StandardCharsets.UTF_8));
    }
}
