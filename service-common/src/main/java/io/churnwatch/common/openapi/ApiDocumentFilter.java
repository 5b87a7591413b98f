package io.churnwatch.common.openapi;

import io.churnwatch.common.problem.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes a service's OpenAPI document with what every ChurnWatch API shares: the security schemes (a tenant's
 * API key, the admin token for {@code /admin}) on every operation, and the problem+json error answers with one
 * {@code Problem} schema. A service turns it on with {@code mp.openapi.filter=io.churnwatch.common.openapi.ApiDocumentFilter}.
 *
 * <p>An operation keeps whatever it declares itself: its own security requirement (say, with the scope it needs),
 * or an error answer such as 409 without content, which gets the problem+json content here.
 */
public class ApiDocumentFilter implements OASFilter {

    public static final String TENANT_KEY = "apiKey";
    public static final String ADMIN_TOKEN = "adminToken";
    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "FieldError";

    /** The error answers, by status: the component's name and when it is given. */
    private record ErrorAnswer(String status, String name, String description) {}

    private static final List<ErrorAnswer> ERRORS = List.of(
            new ErrorAnswer(
                    "400",
                    "BadRequest",
                    "The request is invalid: errors[] names each offending field with a JSON pointer "
                            + "(into the body, or /query/NAME, /header/NAME for parameters)"),
            new ErrorAnswer("401", "Unauthorized", "No credentials, or unknown or revoked ones"),
            new ErrorAnswer("403", "Forbidden", "The API key lacks the scope this operation needs"),
            new ErrorAnswer("404", "NotFound", "No such resource"),
            new ErrorAnswer("409", "Conflict", "Conflicts with the current state"),
            new ErrorAnswer("413", "PayloadTooLarge", "The body is over the size limit"),
            new ErrorAnswer(
                    "415",
                    "UnsupportedMediaType",
                    "The body is not application/json, or its Content-Encoding is not gzip"),
            new ErrorAnswer("422", "UnprocessableContent", "The request cannot be processed as sent"),
            new ErrorAnswer(
                    "429",
                    "TooManyRequests",
                    "Over a rate limit, or too many failed authentications from this address; "
                            + "retry after Retry-After seconds"),
            new ErrorAnswer(
                    "503", "Unavailable", "Kafka or PostgreSQL is unavailable; retry after Retry-After seconds"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        components.addSchema(PROBLEM, problemSchema());
        components.addSecurityScheme(
                TENANT_KEY,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("API key")
                        .description(
                                "A tenant's API key: Authorization: Bearer <key>. Keys are made with POST /admin/tenants/{id}/keys and carry "
                                        + "scopes (ingest, read, write, replay); an operation's security requirement names the scope it needs."));
        components.addSecurityScheme(
                ADMIN_TOKEN,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                                "The operator's admin token (churnwatch.admin.token): Authorization: Bearer <token>."));
        for (ErrorAnswer error : ERRORS) {
            components.addResponse(error.name(), problemAnswer(error));
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths()
                .getPathItems()
                .forEach((path, item) ->
                        item.getOperations().forEach((method, operation) -> complete(path, method, operation)));
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        boolean admin = path.startsWith("/admin");
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme(admin ? ADMIN_TOKEN : TENANT_KEY));
        }
        APIResponses responses =
                operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() != Parameter.In.PATH);
        Map<String, Boolean> applies = new LinkedHashMap<>();
        applies.put("400", body || parameters);
        applies.put("401", true);
        applies.put("403", !admin);
        applies.put("404", path.contains("{"));
        applies.put("413", body);
        applies.put("415", body);
        applies.put("429", true);
        applies.put("503", true);
        for (ErrorAnswer error : ERRORS) {
            APIResponse declared = responses.getAPIResponse(error.status());
            boolean generic = declared != null
                    && declared.getRef() == null
                    && !hasProblemSchema(declared)
                    && !explained(declared);
            if (declared == null && applies.getOrDefault(error.status(), false) || generic) {
                responses.addAPIResponse(
                        error.status(), OASFactory.createAPIResponse().ref(error.name()));
            } else if (declared != null && declared.getRef() == null) {
                declared.setContent(problemContent());
            }
        }
        // A success answer is never problem+json, whatever the resource's @Produces lists.
        responses.getAPIResponses().forEach((status, answer) -> {
            if (status.startsWith("2")
                    && answer.getContent() != null
                    && answer.getContent().getMediaTypes() != null) {
                answer.getContent().removeMediaType(Problem.MEDIA_TYPE);
            }
        });
    }

    private static boolean hasProblemSchema(APIResponse answer) {
        return answer.getContent() != null
                && answer.getContent().hasMediaType(Problem.MEDIA_TYPE)
                && answer.getContent().getMediaType(Problem.MEDIA_TYPE).getSchema() != null
                && ("#/components/schemas/" + PROBLEM)
                        .equals(answer.getContent()
                                .getMediaType(Problem.MEDIA_TYPE)
                                .getSchema()
                                .getRef());
    }

    /** Whether an operation said in its own words when it answers this status (not just the reason phrase SmallRye fills in). */
    private static boolean explained(APIResponse answer) {
        String description = answer.getDescription();
        return description != null && description.contains(" ") && !description.equals("Bad Request");
    }

    private static APIResponse problemAnswer(ErrorAnswer error) {
        APIResponse answer =
                OASFactory.createAPIResponse().description(error.description()).content(problemContent());
        if (error.status().equals("429") || error.status().equals("503")) {
            answer.addHeader(
                    "Retry-After",
                    OASFactory.createHeader()
                            .description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema()
                                    .addType(Schema.SchemaType.INTEGER)
                                    .minimum(java.math.BigDecimal.ONE)));
        }
        if (error.status().equals("401")) {
            answer.addHeader(
                    "WWW-Authenticate",
                    OASFactory.createHeader()
                            .description("How to send credentials (Bearer)")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        return answer;
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description(
                        "An RFC 9457 problem detail (docs/problems.md). Extension members, such as a batch's results, may follow.")
                .addProperty(
                        "type",
                        string(
                                "A stable URN naming the kind of problem, such as urn:churnwatch:problem:invalid-request"))
                .addProperty("title", string("A short summary of the kind of problem"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("The HTTP status"))
                .addProperty("detail", string("What went wrong with this request"))
                .addProperty("instance", string("The request path"))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("One finding per offending field")
                                .items(OASFactory.createSchema().ref(FIELD_ERROR)))
                .required(List.of("type", "title", "status"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("One finding about one field")
                .addProperty(
                        "pointer",
                        string("A JSON pointer into the request body, such as /events/3/timestamp; "
                                + "/query/NAME, /header/NAME or /path/NAME for a parameter"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("pointer", "message"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
