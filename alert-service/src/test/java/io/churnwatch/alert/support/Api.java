package io.churnwatch.alert.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The alert service's REST API as the tests call it. */
public final class Api {

    private Api() {}

    public static RequestSpecification as(TestTenants.Tenant tenant) {
        return given().auth().oauth2(tenant.apiKey()).contentType(ContentType.JSON);
    }

    public static String channel(
            TestTenants.Tenant tenant, String type, String target, String secret, boolean enabled) {
        Map<String, Object> body = new HashMap<>(Map.of("name", type + " channel", "type", type, "enabled", enabled));
        if (target != null) {
            body.put("target", target);
        }
        if (secret != null) {
            body.put("secret", secret);
        }
        return as(tenant)
                .body(body)
                .post("/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static String recipient(
            TestTenants.Tenant tenant,
            String name,
            String email,
            String team,
            boolean manager,
            List<String> channelIds) {
        Map<String, Object> body =
                new HashMap<>(Map.of("name", name, "email", email, "manager", manager, "channelIds", channelIds));
        if (team != null) {
            body.put("team", team);
        }
        return as(tenant)
                .body(body)
                .post("/v1/recipients")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static String rule(TestTenants.Tenant tenant, Map<String, Object> body) {
        return as(tenant)
                .body(body)
                .post("/v1/routing-rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    public static List<Map<String, Object>> alerts(TestTenants.Tenant tenant) {
        return as(tenant)
                .get("/v1/alerts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    public static JsonPath alert(TestTenants.Tenant tenant, String id) {
        return as(tenant)
                .get("/v1/alerts/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
