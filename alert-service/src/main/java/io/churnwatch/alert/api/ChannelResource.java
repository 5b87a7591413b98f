package io.churnwatch.alert.api;

import io.churnwatch.alert.delivery.ChannelService;
import io.churnwatch.alert.persistence.Channel;
import io.churnwatch.alert.persistence.ChannelType;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A tenant's delivery channels. Targets and secrets are write-only: answers show the host and whether a secret is set. */
@Path("/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    /** A channel to create, or the members to change (PATCH). */
    public record ChannelRequest(
            @Size(min = 1, max = 200) String name,
            ChannelType type,
            @Size(max = 2048) String target,
            @Size(max = 512) String secret,
            Boolean enabled) {
        ChannelService.Changes changes() {
            return new ChannelService.Changes(name, type, target, secret, enabled);
        }
    }

    /** A channel as answered: never its URL path, query or secret. */
    public record ChannelView(
            UUID id,
            String name,
            String type,
            String targetHost,
            boolean secretSet,
            boolean enabled,
            Instant createdAt) {
        static ChannelView of(Channel c) {
            return new ChannelView(
                    c.id,
                    c.name,
                    c.type.name().toLowerCase(Locale.ROOT),
                    host(c),
                    c.secret != null,
                    c.enabled,
                    c.createdAt);
        }

        private static String host(Channel c) {
            if (c.target == null) {
                return null;
            }
            if (c.type == ChannelType.EMAIL) {
                return c.target.substring(c.target.indexOf('@') + 1);
            }
            try {
                return URI.create(c.target).getHost();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private final ChannelService channels;
    private final CallerTenant caller;

    public ChannelResource(ChannelService channels, CallerTenant caller) {
        this.channels = channels;
        this.caller = caller;
    }

    @GET
    public Uni<List<ChannelView>> list() {
        return channels.list(reader())
                .map(list -> list.stream().map(ChannelView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<ChannelView> get(@PathParam("id") UUID id) {
        return channels.get(reader(), id).map(ChannelView::of);
    }

    @POST
    public Uni<Response> create(@Valid @NotNull ChannelRequest body) {
        return channels.create(writer(), body.changes())
                .map(c -> Response.created(URI.create("/v1/channels/" + c.id))
                        .entity(ChannelView.of(c))
                        .build());
    }

    @PATCH
    @Path("/{id}")
    public Uni<ChannelView> update(@PathParam("id") UUID id, @Valid @NotNull ChannelRequest body) {
        return channels.update(writer(), id, body.changes()).map(ChannelView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return channels.delete(writer(), id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.of(ProblemType.NOT_FOUND, "No channel " + id);
            }
            return Response.noContent().build();
        });
    }

    private String reader() {
        return caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
    }

    private String writer() {
        return caller.require(AuthenticatedTenant.SCOPE_WRITE).tenantId();
    }
}
