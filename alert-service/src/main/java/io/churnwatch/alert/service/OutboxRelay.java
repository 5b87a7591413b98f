package io.churnwatch.alert.service;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.persistence.OutboxStore;
import io.churnwatch.alert.persistence.OutboxStore.Attempt;
import io.churnwatch.alert.persistence.OutboxStore.ChannelRow;
import io.churnwatch.alert.persistence.OutboxStore.Claimed;
import io.churnwatch.alert.service.channel.ChannelSenders;
import io.churnwatch.alert.service.channel.ChannelTarget;
import io.churnwatch.alert.service.channel.Delivery;
import io.churnwatch.alert.service.channel.DeliveryResult;
import io.churnwatch.events.ContractSerde;
import io.quarkus.scheduler.Scheduled;
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
 * or failed, logging every attempt.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration HOLD = Duration.ofSeconds(2);

    private final OutboxStore store;
    private final ChannelSenders senders;
    private final AlertConfig.Delivery config;
    private final AlertMetrics metrics;
    private final Clock clock;

    public OutboxRelay(OutboxStore store, ChannelSenders senders, AlertConfig config, AlertMetrics metrics, Clock clock) {
        this.store = store;
        this.senders = senders;
        this.metrics = metrics;
        this.config = config.delivery();
        this.clock = clock;
    }

    @Scheduled(every = "${churnwatch.alert.delivery.poll-every:1s}", identity = "outbox-relay", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return relayOnce().onFailure().invoke(e -> LOG.warnf("Outbox relay pass failed: %s", e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass; returns the number of requests made. */
    public Uni<Integer> relayOnce() {
        return store.claim(config.claimTimeout(), config.batchSize()).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<UUID> channelIds = claimed.stream().map(Claimed::channelId).distinct().toList();
            return store.channels(channelIds).chain(channels -> store.usage(channelIds).chain(usage -> {
                Map<UUID, List<Claimed>> byChannel = claimed.stream().collect(Collectors.groupingBy(Claimed::channelId, LinkedHashMap::new, Collectors.toList()));
                List<Uni<Integer>> work = new ArrayList<>();
                byChannel.forEach((channelId, rows) -> work.add(relayChannel(channels.get(channelId), rows,
                        usage.getOrDefault(channelId, new OutboxStore.Usage(0, 0)))));
                return Multi.createFrom().iterable(work).onItem().transformToUniAndConcatenate(u -> u)
                        .collect().with(Collectors.summingInt(Integer::intValue));
            }));
        });
    }

    private Uni<Integer> relayChannel(ChannelRow channel, List<Claimed> rows, OutboxStore.Usage usage) {
        if (channel == null) {
            return store.markFailed(rows.stream().map(Claimed::id).toList(), null, "channel deleted").replaceWith(0);
        }
        ChannelTarget target = new ChannelTarget(channel.id(), channel.type(), channel.target(), channel.secret());
        int remaining = FoldPlanner.remaining(channel.type(), usage);
        Map<String, List<Claimed>> byAddress = rows.stream().collect(Collectors.groupingBy(r -> Objects.toString(r.address(), ""), LinkedHashMap::new, Collectors.toList()));
        List<List<Claimed>> sends = new ArrayList<>();
        List<UUID> waiting = new ArrayList<>();
        for (List<Claimed> group : byAddress.values()) {
            FoldPlanner.Plan<Claimed> plan = FoldPlanner.plan(group, remaining);
            remaining -= plan.requests();
            plan.individual().forEach(row -> sends.add(List.of(row)));
            if (!plan.digest().isEmpty()) {
                sends.add(plan.digest());
            }
            plan.waiting().forEach(row -> waiting.add(row.id()));
        }
        Uni<Void> hold = waiting.isEmpty() ? Uni.createFrom().voidItem() : store.release(waiting, clock.instant().plus(HOLD));
        return hold.chain(() -> Multi.createFrom().iterable(sends).onItem().transformToUniAndConcatenate(batch -> send(target, batch)
                        .invoke(outcome -> metrics.delivery(channel.tenant(), channel.type().name(), outcome)))
                .collect().asList().map(List::size));
    }

    /** Sends one request (one message or a digest); returns the outcome: sent, retry or failed. */
    private Uni<String> send(ChannelTarget target, List<Claimed> batch) {
        List<AlertMessage> alerts = new ArrayList<>();
        String title = null;
        for (Claimed row : batch) {
            byte[] json = row.message().getBytes(StandardCharsets.UTF_8);
            if (DigestService.PURPOSE.equals(row.purpose())) {
                DigestService.DigestMessage digest = ContractSerde.fromJson(json, DigestService.DigestMessage.class);
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
        return senders.of(target.type()).send(target, delivery)
                .onFailure().recoverWithItem(error -> DeliveryResult.retry(null, error.getClass().getSimpleName()))
                .chain(result -> record(target, batch, result, requestId, (int) ((System.nanoTime() - started) / 1_000_000), batch.size() > 1 ? key : null));
    }

    private Uni<String> record(ChannelTarget target, List<Claimed> batch, DeliveryResult result, UUID requestId, int durationMs, String digestKey) {
        List<UUID> ids = batch.stream().map(Claimed::id).toList();
        int attempt = batch.stream().mapToInt(Claimed::attempts).max().orElse(0) + 1;
        String outcome = result.sent() ? "sent" : result.retryable() && attempt < config.maxAttempts() ? "retry" : "failed";
        List<Attempt> log = batch.stream().map(row -> new Attempt(row.id(), target.id(), requestId, row.attempts() + 1, outcome,
                result.statusCode(), digestKey == null ? result.detail() : result.detail() + " (digest of " + batch.size() + ")", durationMs)).toList();
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
