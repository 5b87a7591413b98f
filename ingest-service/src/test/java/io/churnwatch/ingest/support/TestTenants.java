package io.churnwatch.ingest.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates tenants and keys through the real admin API. */
public final class TestTenants {

    public static final String ADMIN_TOKEN = "test-admin-token";

    /** A tenant and one of its API keys. */
    public record Tenant(String id, String apiKey, String keyId) {}

    private TestTenants() {}

    public static Tenant create() {
        return create(Map.of(), false, List.of());
    }

    public static Tenant create(Map<String, String> trackMappings, boolean accountFromGroupId, List<String> scopes) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
        given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "id",
                        id,
                        "name",
                        "Tenant " + id,
                        "trackMappings",
                        trackMappings,
                        "accountFromGroupId",
                        accountFromGroupId))
                .post("/admin/tenants")
                .then()
                .statusCode(201);
        var key = given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(scopes.isEmpty() ? Map.of("name", "test") : Map.of("name", "test", "scopes", scopes))
                .post("/admin/tenants/" + id + "/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Tenant(id, key.getString("key"), key.getString("id"));
    }
}
