package io.churnwatch.alert.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The inbox list pages by keyset: following rel="next" walks every alert once, in the list's order, even through ties. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class AlertPagingTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Test
    void followingNextLinksWalksEveryAlertOnceInOrder() {
        TestTenants.Tenant tenant = TestTenants.create();
        for (int i = 0; i < 7; i++) {
            RiskChanges.send(
                    RiskChanges.change(tenant.id(), "pager-" + i, 40, 70 + i, RiskLevel.MEDIUM, RiskLevel.HIGH));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.alerts(tenant).size() == 7);
        // ties on priority and update time leave only the id to order by: the cursor must carry it
        Db.update(
                "update alert.episodes set priority = 1.5, updated_at = timestamptz '2026-01-01 00:00:00+00' where tenant = ? and customer_id in ('pager-1','pager-2','pager-3','pager-4')",
                tenant.id());
        List<String> whole = ids(Api.as(tenant)
                .get("/v1/alerts?state=active")
                .then()
                .statusCode(200)
                .extract()
                .response());

        List<String> walked = new ArrayList<>();
        String next = "/v1/alerts?state=active&limit=3";
        int pages = 0;
        while (next != null) {
            Response page =
                    Api.as(tenant).get(next).then().statusCode(200).extract().response();
            walked.addAll(ids(page));
            next = nextLink(page);
            pages++;
            if (next != null) {
                assertThat(next).contains("state=active").contains("limit=3");
            }
        }
        assertThat(walked)
                .containsExactlyElementsOf(whole)
                .doesNotHaveDuplicates()
                .hasSize(7);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aForgedCursorIsAProblemNotAFailure() {
        TestTenants.Tenant tenant = TestTenants.create();
        Api.as(tenant)
                .get("/v1/alerts?cursor=bm90LWEtY3Vyc29y")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"));
        Api.as(tenant).get("/v1/alerts?cursor=%%%").then().statusCode(400);
    }

    private static List<String> ids(Response response) {
        return response.jsonPath().getList("id", String.class);
    }

    private static String nextLink(Response response) {
        String link = response.header("Link");
        if (link == null) {
            return null;
        }
        Matcher matcher = NEXT.matcher(link);
        return matcher.find() ? matcher.group(1) : null;
    }
}
