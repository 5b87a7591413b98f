package io.churnwatch.alert.delivery;

import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.ChannelRepository;
import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** A tenant's channels. Webhook targets pass {@link TargetGuard} before they are stored. */
@ApplicationScoped
public class ChannelService {

    /** What a caller may set; null members of an update keep their value. */
    public record Changes(String name, ChannelType type, String target, String secret, Boolean enabled) {}

    private final ChannelRepository channels;
    private final TargetGuard guard;
    private final Vertx vertx;
    private final Clock clock;

    public ChannelService(ChannelRepository channels, TargetGuard guard, Vertx vertx, Clock clock) {
        this.channels = channels;
        this.guard = guard;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Uni<List<Channel>> list(String tenant) {
        return channels.listForTenant(tenant);
    }

    public Uni<Channel> get(String tenant, UUID id) {
        return channels.findForTenant(tenant, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.of(ProblemType.NOT_FOUND, "No channel " + id));
    }

    @WithTransaction
    public Uni<Channel> create(String tenant, Changes changes) {
        if (changes.type() == null || changes.name() == null) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "A channel needs a name and a type");
        }
        return checked(changes.type(), changes.target()).chain(() -> save(tenant, changes));
    }

    @WithTransaction
    public Uni<Channel> update(String tenant, UUID id, Changes changes) {
        return get(tenant, id)
                .chain(existing ->
                        checked(existing.type, changes.target() != null ? changes.target() : existing.target))
                .chain(() -> apply(tenant, id, changes));
    }

    @WithTransaction
    public Uni<Boolean> delete(String tenant, UUID id) {
        return channels.delete("tenant = ?1 and id = ?2", tenant, id).map(count -> count > 0);
    }

    private Uni<Channel> save(String tenant, Changes changes) {
        Channel channel = new Channel();
        channel.id = UUID.randomUUID();
        channel.tenant = tenant;
        channel.name = changes.name();
        channel.type = changes.type();
        channel.target = blankToNull(changes.target());
        channel.secret = blankToNull(changes.secret());
        channel.enabled = changes.enabled() == null || changes.enabled();
        channel.createdAt = clock.instant();
        return channels.persist(channel);
    }

    private Uni<Channel> apply(String tenant, UUID id, Changes changes) {
        return get(tenant, id).invoke(channel -> {
            if (changes.type() != null && changes.type() != channel.type) {
                throw ProblemException.of(
                        ProblemType.INVALID_REQUEST, "A channel's type cannot change; create another channel");
            }
            channel.name = changes.name() != null ? changes.name() : channel.name;
            channel.target = changes.target() != null ? blankToNull(changes.target()) : channel.target;
            channel.secret = changes.secret() != null ? blankToNull(changes.secret()) : channel.secret;
            channel.enabled = changes.enabled() != null ? changes.enabled() : channel.enabled;
        });
    }

    /** Webhook channels need an allowed URL; email channels may name a fixed mailbox. DNS is resolved off the event loop. */
    private Uni<Void> checked(ChannelType type, String target) {
        if (!type.isWebhook()) {
            if (target != null && !target.isBlank() && !target.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw ProblemException.of(
                        ProblemType.INVALID_REQUEST, "An email channel's target must be an email address");
            }
            return Uni.createFrom().voidItem();
        }
        if (target == null || target.isBlank()) {
            throw ProblemException.of(
                    ProblemType.INVALID_REQUEST, "A " + type.name().toLowerCase() + " channel needs a target URL");
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> guard.check(target)))
                .replaceWithVoid();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
