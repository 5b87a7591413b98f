package io.churnwatch.ingest.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.devstack.EmbeddedPostgresDatabase;
import io.churnwatch.events.MessageKeys;
import io.churnwatch.ingest.intake.UnfinishedReservations;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A crash between reserving a message id and writing its event leaves a reservation behind. A retry
 * within the reservation timeout is told to retry (another request may still be writing it); after
 * the timeout the retry takes the reservation over and the event is written once. A request of this
 * instance that lost its database mid-way is ended as soon as PostgreSQL answers, without the timeout.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ReservationRecoveryTest {

    @Inject
    UnfinishedReservations unfinished;

    @AfterEach
    void databaseIsBack() {
        DevStack.shared().postgres().start();
    }

    @Test
    void aReservationWhoseAnswerWasLostIsReleasedOnceTheDatabaseAnswers() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        // What a reserving INSERT leaves when PostgreSQL committed it but the connection broke before the answer.
        UUID lost = leaveReservation(tenant.id(), "answer-lost", Duration.ZERO);
        postEvent(tenant, "answer-lost").then().statusCode(409);

        unfinished.add(tenant.id(), lost, List.of("answer-lost"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unfinished.queued() == 0);
        postEvent(tenant, "answer-lost").then().statusCode(202).body("status", equalTo("accepted"));
        postEvent(tenant, "answer-lost").then().statusCode(200).body("status", equalTo("duplicate"));
        assertThat(TopicReader.tenantRecords(tenant.id(), 1, Duration.ofSeconds(10)))
                .hasSize(1);
    }

    @Test
    void idsWrittenBeforeTheDatabaseWentAwayBecomeDuplicatesOnceItAnswers() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        // Kafka took the event, then the statement that ends the request failed: nothing to release.
        UUID written = leaveReservation(tenant.id(), "written-then-db-lost", Duration.ZERO);
        unfinished.add(tenant.id(), written, List.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unfinished.queued() == 0);
        postEvent(tenant, "written-then-db-lost").then().statusCode(200).body("status", equalTo("duplicate"));
        assertThat(TopicReader.tenantRecords(tenant.id(), 0, Duration.ofSeconds(3)))
                .isEmpty();
    }

    @Test
    void aRequestThatLostTheDatabaseIsEndedWhenItIsBackAndItsRetryIsTaken() {
        TestTenants.Tenant tenant = TestTenants.create();
        postEvent(tenant, "warm-up-key-cache").then().statusCode(202);

        DevStack.shared().postgres().stop();
        postEvent(tenant, "during-outage").then().statusCode(503).header("Retry-After", notNullValue());
        assertThat(unfinished.queued()).isPositive();

        DevStack.shared().postgres().start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> unfinished.queued() == 0);
        postEvent(tenant, "during-outage").then().statusCode(202).body("status", equalTo("accepted"));
    }

    @Test
    void aFreshReservationIsInFlightAndAStaleOneIsTakenOver() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        leaveReservation(tenant.id(), "crashed-recently", Duration.ZERO);
        leaveReservation(tenant.id(), "crashed-long-ago", Duration.ofMinutes(10));

        postEvent(tenant, "crashed-recently")
                .then()
                .statusCode(409)
                .header("Retry-After", "1")
                .body("type", equalTo("urn:churnwatch:problem:conflict"));
        postEvent(tenant, "crashed-long-ago").then().statusCode(202).body("status", equalTo("accepted"));
        postEvent(tenant, "crashed-long-ago").then().statusCode(200).body("status", equalTo("duplicate"));

        assertThat(TopicReader.tenantRecords(tenant.id(), 1, Duration.ofSeconds(10)))
                .hasSize(1);
    }

    @Test
    void anIdWrittenByAnEarlierProcessIsADuplicate() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        leaveWritten(tenant.id(), "written-before-restart");
        postEvent(tenant, "written-before-restart").then().statusCode(200).body("status", equalTo("duplicate"));
        assertThat(TopicReader.tenantRecords(tenant.id(), 0, Duration.ofSeconds(3)))
                .isEmpty();
    }

    private static io.restassured.response.Response postEvent(TestTenants.Tenant tenant, String messageId) {
        return given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"messageId\":\"" + messageId + "\",\"customerId\":\"c1\",\"type\":\"usage\"}")
                .post("/v1/events");
    }

    /** What a finished request of an earlier process leaves: a row whose batch is no longer pending. */
    private static void leaveWritten(String tenant, String messageId) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        DevStack.shared().postgres().jdbcUrl(), EmbeddedPostgresDatabase.USER, "");
                PreparedStatement written = connection.prepareStatement(
                        "INSERT INTO ingest.received_messages (id_hash, batch_id) VALUES (?, ?)")) {
            written.setObject(1, MessageKeys.of(tenant, messageId));
            written.setObject(2, UUID.randomUUID());
            written.executeUpdate();
        }
    }

    /** What a crash between reserving and writing leaves: a row under a batch that stayed pending, of the given age. */
    private static UUID leaveReservation(String tenant, String messageId, Duration age) throws Exception {
        UUID batch = UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(
                        DevStack.shared().postgres().jdbcUrl(), EmbeddedPostgresDatabase.USER, "");
                PreparedStatement pending = connection.prepareStatement(
                        "INSERT INTO ingest.pending_batches (batch_id, created_at) VALUES (?, now() - make_interval(secs => ?))");
                PreparedStatement reserved = connection.prepareStatement(
                        "INSERT INTO ingest.received_messages (id_hash, batch_id) VALUES (?, ?)")) {
            pending.setObject(1, batch);
            pending.setDouble(2, age.toSeconds());
            pending.executeUpdate();
            reserved.setObject(1, MessageKeys.of(tenant, messageId));
            reserved.setObject(2, batch);
            reserved.executeUpdate();
        }
        return batch;
    }
}
