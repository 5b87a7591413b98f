package io.churnwatch.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyset paging of GET /v1/customers: a walk over a list that grows between pages sees every customer once. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class CustomerPagingTest {

    @ParameterizedTest
    @ValueSource(strings = {"customerId", "priority", "score"})
    void walkingAllPagesWhileCustomersAreAddedSeesEachCustomerOnce(String sort) {
        TestTenants.Tenant tenant = TestTenants.create();
        List<String> original =
                IntStream.range(0, 25).mapToObj(i -> String.format("m-%02d", i)).toList();
        add(tenant, original, 0);

        List<String> seen = new ArrayList<>();
        JsonPath page = page(tenant, "sort=" + sort + "&size=7");
        seen.addAll(page.getList("items.customerId"));
        // Customers that sort before and after the walk's position arrive between its pages.
        add(
                tenant,
                IntStream.range(0, 10).mapToObj(i -> String.format("a-%02d", i)).toList(),
                25);
        String cursor = page.getString("nextCursor");
        while (cursor != null) {
            page = page(tenant, "sort=" + sort + "&size=7&cursor=" + cursor);
            seen.addAll(page.getList("items.customerId"));
            cursor = page.getString("nextCursor");
        }

        assertThat(seen).doesNotHaveDuplicates().containsAll(original);
    }

    @Test
    void aCursorThatIsNotOursOrOfAnotherSortIsA400NamingCursor() {
        TestTenants.Tenant tenant = TestTenants.create();
        add(tenant, List.of("x-1", "x-2"), 0);
        String cursor = page(tenant, "sort=customerId&size=1").getString("nextCursor");
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/customers?sort=priority&cursor=" + cursor)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/query/cursor"));
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/customers?cursor=bm90LWEtY3Vyc29y")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"))
                .body("errors.pointer", contains("/query/cursor"));
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/customers?sort=customerId&size=1&page=1")
                .then()
                .statusCode(200)
                .body("items.customerId", contains("x-2"));
    }

    private static JsonPath page(TestTenants.Tenant tenant, String query) {
        return given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/customers?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Adds customers with different MRRs (so priorities differ) and waits until they are stored. */
    private static void add(TestTenants.Tenant tenant, List<String> ids, int already) {
        Instant now = Instant.now();
        Events.send(IntStream.range(0, ids.size())
                .mapToObj(i -> Events.withTraits(
                        Events.event(tenant.id(), ids.get(i), "identify", now),
                        new CustomerTraits(
                                new BigDecimal(100 + 37 * ((i * 7) % 11)),
                                "EUR",
                                "smb",
                                null,
                                LocalDate.parse("2025-01-01"),
                                null)))
                .toList());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.count("SELECT count(*) FROM scoring.customers WHERE tenant_id = ?", tenant.id())
                        == already + ids.size());
    }
}
