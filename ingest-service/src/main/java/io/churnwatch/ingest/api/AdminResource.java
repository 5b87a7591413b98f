package io.churnwatch.ingest.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.ingest.persistence.TenantRepository.ApiKeyRow;
import io.churnwatch.ingest.persistence.TenantRepository.TenantRow;
import io.churnwatch.ingest.tenant.TenantService;
import io.churnwatch.ingest.tenant.TenantSettings;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenant and API-key administration, protected by the admin token (Authorization: Bearer). */
@Path("/admin/tenants")
@Tag(name = "Admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class AdminResource {

    static final String TENANT_EXAMPLE = """
            {"id":"acme-corp","name":"Acme Corp","trackMappings":{"Newsletter Unsubscribed":"unsubscribe"},"accountFromGroupId":false}""";
    static final String KEY_EXAMPLE = """
            {"name":"backend","scopes":["ingest","read"]}""";
    static final String SETTINGS_EXAMPLE = """
            {"trackMappings":{"Newsletter Unsubscribed":"unsubscribe","Ticket Opened":"support_ticket"},"accountFromGroupId":true}""";
    private static final String SCOPE = "^(" + AuthenticatedTenant.SCOPE_INGEST + "|" + AuthenticatedTenant.SCOPE_READ
            + "|" + AuthenticatedTenant.SCOPE_WRITE + "|" + AuthenticatedTenant.SCOPE_REPLAY + ")$";

    /** A new tenant. */
    public record NewTenant(
            @NotNull
            @Pattern(
                    regexp = "^[a-z0-9][a-z0-9_-]{0,62}$",
                    message = "must be 1 to 63 lower-case letters, digits, '-' or '_'")
            String id,

            @NotNull @Size(min = 1, max = 200) String name,

            @Size(max = TenantSettings.MAX_MAPPINGS)
            Map<
                            @NotBlank @Size(max = TenantSettings.MAX_TRACK_NAME) String,
                            @NotBlank @Size(max = ContractLimits.MAX_TYPE_LENGTH) String>
                    trackMappings,

            boolean accountFromGroupId) {}

    /** A new API key: a name to recognise it by and its scopes (default ingest, read, write). */
    public record NewKey(
            @Size(max = 200) String name,

            @Size(max = 4)
            List<@NotNull @Pattern(regexp = SCOPE, message = "must be one of ingest, read, write, replay") String>
                    scopes) {}

    /** A tenant as the admin API shows it. */
    public record TenantView(String id, String name, Object settings, String createdAt) {
        static TenantView of(TenantRow row) {
            return new TenantView(
                    row.id(),
                    row.name(),
                    row.settings() == null ? Map.of() : row.settings().getMap(),
                    row.createdAt().toString());
        }
    }

    private final TenantService tenants;

    public AdminResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @POST
    @Operation(summary = "Create a tenant")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "409", description = "A tenant with this id exists already")
    public Uni<Response> create(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            examples = @ExampleObject(name = "tenant", value = TENANT_EXAMPLE)))
                    @Valid
                    @NotNull
                    NewTenant tenant) {
        return tenants.create(
                        tenant.id(),
                        tenant.name(),
                        new TenantSettings(tenant.trackMappings(), tenant.accountFromGroupId()))
                .map(row -> Response.created(URI.create("/admin/tenants/" + row.id()))
                        .entity(TenantView.of(row))
                        .build());
    }

    @GET
    @Operation(summary = "List tenants")
    public Uni<List<TenantView>> list() {
        return tenants.list().map(rows -> rows.stream().map(TenantView::of).toList());
    }

    @GET
    @Path("/{tenant}")
    @Operation(summary = "A tenant")
    public Uni<TenantView> get(@PathParam("tenant") String tenant) {
        return tenants.get(tenant).map(TenantView::of);
    }

    @PUT
    @Path("/{tenant}/settings")
    @Operation(summary = "Replace a tenant's settings: Segment track-name mappings and account-from-groupId")
    public Uni<TenantView> settings(
            @PathParam("tenant") String tenant,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            examples = @ExampleObject(name = "settings", value = SETTINGS_EXAMPLE)))
                    @Valid
                    @NotNull
                    TenantSettings settings) {
        return tenants.updateSettings(tenant, settings).map(TenantView::of);
    }

    @POST
    @Path("/{tenant}/keys")
    @Operation(
            summary = "Create an API key",
            description = "The key is in this answer only; ChurnWatch stores its hash.")
    @APIResponse(
            responseCode = "201",
            description = "Created; key is the API key",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TenantService.CreatedKey.class)))
    public Uni<Response> createKey(
            @PathParam("tenant") String tenant,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            examples = @ExampleObject(name = "key", value = KEY_EXAMPLE)))
                    @Valid
                    NewKey key) {
        NewKey request = key == null ? new NewKey(null, null) : key;
        return tenants.createKey(tenant, request.name(), request.scopes())
                .map(created ->
                        Response.status(Response.Status.CREATED).entity(created).build());
    }

    @GET
    @Path("/{tenant}/keys")
    @Operation(summary = "List a tenant's keys (never the keys themselves)")
    public Uni<List<ApiKeyRow>> keys(@PathParam("tenant") String tenant) {
        return tenants.keys(tenant);
    }

    @DELETE
    @Path("/{tenant}/keys/{key}")
    @Operation(summary = "Revoke an API key")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<Response> revoke(@PathParam("tenant") String tenant, @PathParam("key") String key) {
        return tenants.revokeKey(tenant, key).map(done -> Response.noContent().build());
    }
}
