package io.churnwatch.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.churnwatch.client.ingest.api.AdminApi;
import io.churnwatch.client.ingest.api.EventsApi;
import io.churnwatch.client.ingest.model.BatchAnswer;
import io.churnwatch.client.ingest.model.CreatedKey;
import io.churnwatch.client.ingest.model.Event;
import io.churnwatch.client.ingest.model.EventBatch;
import io.churnwatch.client.ingest.model.NewKey;
import io.churnwatch.client.ingest.model.NewTenant;
import io.churnwatch.client.ingest.model.SingleAnswer;
import io.churnwatch.client.ingest.model.Status;
import io.churnwatch.client.ingest.model.Traits;
import io.churnwatch.client.scoring.api.CustomersApi;
import io.churnwatch.client.scoring.api.PoliciesApi;
import io.churnwatch.client.scoring.model.PolicyDocument;
import io.churnwatch.client.scoring.model.Risk;
import io.churnwatch.client.scoring.model.RiskFactor;
import io.churnwatch.client.scoring.model.RiskLevel;
import io.churnwatch.client.scoring.model.TenantPolicies;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through (ingest and scoring) with nothing but the Java clients generated from the services' OpenAPI
 * documents: create a tenant and a key over the admin API, post events, read the customer's risk.
 */
class GeneratedClientWalkThroughTest {

    private final RunningServices services = RunningServices.get();

    @Test
    void aNewTenantPostsEventsAndReadsTheRiskWithGeneratedClientsOnly() throws Exception {
        String tenantId = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        AdminApi admin = new AdminApi(ingestClient(RunningServices.ADMIN_TOKEN));
        admin.create(new NewTenant()
                .id(tenantId)
                .name("Acme Corp")
                .trackMappings(Map.of("Newsletter Unsubscribed", "unsubscribe")));
        CreatedKey key =
                admin.createKey(tenantId, new NewKey().name("backend").scopes(List.of("ingest", "read", "write")));
        assertThat(key.getKey()).as("the key is in the answer").isNotBlank();

        EventsApi events = new EventsApi(ingestClient(key.getKey()));
        Event first = new Event()
                .messageId("first-1")
                .customerId("acme")
                .type("complaint")
                .properties(Map.of("text", "Invoices are wrong again"))
                .traits(new Traits()
                        .mrr(new BigDecimal("1200"))
                        .currency("EUR")
                        .segment("enterprise")
                        .owner("ana@cs.example"));
        assertThat(events.post(first).getStatus()).isEqualTo(Status.ACCEPTED);
        SingleAnswer again = events.post(first);
        assertThat(again.getStatus()).as("the same messageId again").isEqualTo(Status.DUPLICATE);
        for (int i = 2; i <= 4; i++) {
            events.post(new Event().messageId("c-" + i).customerId("acme").type("complaint"));
        }
        events.post(new Event().messageId("u-1").customerId("acme").type("unsubscribe"));

        BatchAnswer batch = events.batch(
                new EventBatch()
                        .events(List.of(
                                new Event().messageId("b-1").customerId("acme").type("usage"),
                                new Event().messageId("b-2").type("usage"))),
                "batch-" + tenantId);
        assertThat(batch.getAccepted()).isEqualTo(1);
        assertThat(batch.getResults().get(1).getErrors().get(0).getPointer()).isEqualTo("/events/1/customerId");

        CustomersApi customers = new CustomersApi(scoringClient(key.getKey()));
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(io.churnwatch.client.scoring.ApiException.class)
                .untilAsserted(() -> {
                    Risk risk = customers.risk("acme");
                    assertThat(risk.getLevel()).isEqualTo(RiskLevel.HIGH);
                    assertThat(risk.getFactors()).extracting(RiskFactor::getKey).contains("complaint", "unsubscribe");
                    assertThat(risk.getOwner()).isEqualTo("ana@cs.example");
                });

        PoliciesApi policies = new PoliciesApi(scoringClient(key.getKey()));
        policies.put(new TenantPolicies().tenantDefault(new PolicyDocument().scale(60.0)));
        assertThat(policies.get().getTenantDefault().getScale()).isEqualTo(60.0);
        io.churnwatch.client.scoring.ApiException refused = catchThrowableOfType(
                io.churnwatch.client.scoring.ApiException.class,
                () -> policies.put(new TenantPolicies().tenantDefault(new PolicyDocument().scale(1e300))));
        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getResponseBody()).contains("/tenantDefault/scale");
    }

    private io.churnwatch.client.ingest.ApiClient ingestClient(String bearer) {
        io.churnwatch.client.ingest.ApiClient client = new io.churnwatch.client.ingest.ApiClient();
        client.updateBaseUri(services.ingest().toString());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        return client;
    }

    private io.churnwatch.client.scoring.ApiClient scoringClient(String bearer) {
        io.churnwatch.client.scoring.ApiClient client = new io.churnwatch.client.scoring.ApiClient();
        client.updateBaseUri(services.scoring().toString());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        return client;
    }
}
