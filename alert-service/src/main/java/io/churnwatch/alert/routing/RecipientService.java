package io.churnwatch.alert.routing;

import io.churnwatch.alert.persistence.Ids;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.persistence.RecipientRepository;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** A tenant's recipients: owners, team members and managers. */
@ApplicationScoped
public class RecipientService {

    /** What a caller may set; null members of an update keep their value. */
    public record Changes(
            String name,
            String email,
            String team,
            Boolean manager,
            Boolean active,
            List<UUID> channelIds,
            String digest) {}

    private final RecipientRepository recipients;
    private final Clock clock;

    public RecipientService(RecipientRepository recipients, Clock clock) {
        this.recipients = recipients;
        this.clock = clock;
    }

    public Uni<List<Recipient>> list(String tenant) {
        return recipients.listForTenant(tenant);
    }

    public Uni<Recipient> get(String tenant, UUID id) {
        return recipients
                .findForTenant(tenant, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.of(ProblemType.NOT_FOUND, "No recipient " + id));
    }

    @WithTransaction
    public Uni<Recipient> create(String tenant, Changes changes) {
        return recipients.findOwner(tenant, changes.email()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.of(ProblemType.CONFLICT, "A recipient with this email exists: " + existing.id);
            }
            Recipient recipient = new Recipient();
            recipient.id = UUID.randomUUID();
            recipient.tenant = tenant;
            recipient.createdAt = clock.instant();
            recipient.active = true;
            recipient.channelIds = Ids.format(List.of());
            recipient.digest = "none";
            apply(recipient, changes);
            return recipients.persist(recipient);
        });
    }

    @WithTransaction
    public Uni<Recipient> update(String tenant, UUID id, Changes changes) {
        return get(tenant, id).invoke(recipient -> apply(recipient, changes));
    }

    @WithTransaction
    public Uni<Boolean> delete(String tenant, UUID id) {
        return recipients.delete("tenant = ?1 and id = ?2", tenant, id).map(count -> count > 0);
    }

    private static void apply(Recipient recipient, Changes changes) {
        recipient.name = changes.name() != null ? changes.name() : recipient.name;
        recipient.email = changes.email() != null ? changes.email().trim() : recipient.email;
        recipient.team = changes.team() != null ? (changes.team().isBlank() ? null : changes.team()) : recipient.team;
        recipient.manager = changes.manager() != null ? changes.manager() : recipient.manager;
        recipient.active = changes.active() != null ? changes.active() : recipient.active;
        recipient.channelIds = changes.channelIds() != null ? Ids.format(changes.channelIds()) : recipient.channelIds;
        recipient.digest = changes.digest() != null ? changes.digest() : recipient.digest;
    }
}
