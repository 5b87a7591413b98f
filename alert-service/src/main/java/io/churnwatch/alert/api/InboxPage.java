package io.churnwatch.alert.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Serves the inbox page at {@code /inbox} and at the links alerts carry ({@code /inbox/episodes/{id}}).
 * The page and its scripts are static files under {@code META-INF/resources/inbox/}; they hold no data
 * and no secret: the page asks for the tenant API key and calls the /v1/ API with it.
 */
@Path("/inbox")
public class InboxPage {

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response inbox() {
        return page();
    }

    @GET
    @Path("/episodes/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response episode(@PathParam("id") String id) {
        return page();
    }

    private static Response page() {
        InputStream html = Thread.currentThread()
                .getContextClassLoader()
                .getResourceAsStream("META-INF/resources/inbox/index.html");
        if (html == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-cache")
                .header(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
                                + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
