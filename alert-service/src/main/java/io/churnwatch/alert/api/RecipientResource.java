package io.churnwatch.alert.api;

import io.churnwatch.alert.digest.DigestService;
import io.churnwatch.alert.persistence.Ids;
import io.churnwatch.alert.persistence.Recipient;
import io.churnwatch.alert.routing.RecipientService;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's recipients: customer owners (matched by email to the owner trait), team members, managers. */
@Path("/v1/recipients")
@Produces(MediaType.APPLICATION_JSON)
public class RecipientResource {

    /** A recipient to create, or the members to change (PATCH). */
    public record RecipientRequest(
            @Size(min = 1, max = 200) String name,
            @Email @Size(max = 320) String email,
            @Size(max = 100) String team,
            Boolean manager,
            Boolean active,
            @Size(max = 20) List<UUID> channelIds,

            @Pattern(regexp = "none|daily|weekly", message = "must be none, daily or weekly")
            String digest) {
        RecipientService.Changes changes() {
            return new RecipientService.Changes(name, email, team, manager, active, channelIds, digest);
        }
    }

    public record RecipientView(
            UUID id,
            String name,
            String email,
            String team,
            boolean manager,
            boolean active,
            List<UUID> channelIds,
            String digest) {
        static RecipientView of(Recipient r) {
            return new RecipientView(
                    r.id, r.name, r.email, r.team, r.manager, r.active, Ids.parse(r.channelIds), r.digest);
        }
    }

    private final RecipientService recipients;
    private final DigestService digests;
    private final CallerTenant caller;

    public RecipientResource(RecipientService recipients, DigestService digests, CallerTenant caller) {
        this.recipients = recipients;
        this.digests = digests;
        this.caller = caller;
    }

    @GET
    @Path("/{id}/digest")
    @Operation(
            summary = "The recipient's digest as it would go out now",
            description = "period: daily (last 24 hours) or weekly (last 7 days)")
    public Uni<DigestService.Digest> digest(
            @PathParam("id") UUID id, @QueryParam("period") @DefaultValue("daily") String period) {
        String tenant = reader();
        DigestService.Period parsed = DigestService.Period.parse(period);
        return recipients.get(tenant, id).chain(recipient -> digests.build(recipient, parsed));
    }

    @GET
    public Uni<List<RecipientView>> list() {
        return recipients
                .list(reader())
                .map(list -> list.stream().map(RecipientView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<RecipientView> get(@PathParam("id") UUID id) {
        return recipients.get(reader(), id).map(RecipientView::of);
    }

    @POST
    public Uni<Response> create(@Valid @NotNull RecipientRequest body) {
        if (body.name() == null || body.email() == null) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "A recipient needs a name and an email");
        }
        return recipients
                .create(writer(), body.changes())
                .map(r -> Response.created(URI.create("/v1/recipients/" + r.id))
                        .entity(RecipientView.of(r))
                        .build());
    }

    @PATCH
    @Path("/{id}")
    public Uni<RecipientView> update(@PathParam("id") UUID id, @Valid @NotNull RecipientRequest body) {
        return recipients.update(writer(), id, body.changes()).map(RecipientView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return recipients.delete(writer(), id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.of(ProblemType.NOT_FOUND, "No recipient " + id);
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
