package io.churnwatch.alert.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Channel secrets in the database: encrypted when written, plaintext rows encrypted on start, wrong keys refused. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class ChannelSecretStorageTest {

    private static final String TARGET = "http://127.0.0.1:9/robot/send?access_token=TOKEN-storage";
    private static final String SECRET = "SECstorage-secret";

    @Inject
    Pool pool;

    @Inject
    ChannelSecretRewrite rewrite;

    private static String stored(String id) {
        return Db.text(
                "SELECT coalesce(target, '') || ' ' || coalesce(secret, '') FROM alert.channels WHERE id = ?",
                UUID.fromString(id));
    }

    @Test
    void theRowHoldsNeitherTheTokenNorTheSecret() {
        TestTenants.Tenant tenant = TestTenants.create();
        String id = Api.as(tenant)
                .body(Map.of("name", "ding", "type", "dingtalk", "target", TARGET, "secret", SECRET))
                .post("/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.as(tenant)
                .body(Map.of("secret", SECRET + "-2"))
                .patch("/v1/channels/" + id)
                .then()
                .statusCode(200);

        assertThat(stored(id))
                .doesNotContain("TOKEN-storage", "robot/send", SECRET)
                .startsWith("enc:v1:test:")
                .contains(" enc:v1:test:");
        assertThat(Api.as(tenant)
                        .get("/v1/channels/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("\"targetHost\":\"127.0.0.1\"", "\"secretSet\":true")
                .doesNotContain("TOKEN-storage", SECRET);
    }

    @Test
    void plaintextRowsFromBeforeEncryptionAreEncryptedOnStart() {
        TestTenants.Tenant tenant = TestTenants.create();
        UUID id = UUID.randomUUID();
        Db.update(
                "INSERT INTO alert.channels (id, tenant, name, type, target, secret, enabled)"
                        + " VALUES (?, ?, 'old', 'DINGTALK', ?, ?, true)",
                id,
                tenant.id(),
                TARGET,
                SECRET);

        assertThat(rewrite.rewrite().await().atMost(Duration.ofSeconds(30))).isPositive();

        assertThat(stored(id.toString()))
                .doesNotContain("TOKEN-storage", SECRET)
                .startsWith("enc:v1:test:");
        assertThat(Api.as(tenant)
                        .get("/v1/channels/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("\"targetHost\":\"127.0.0.1\"", "\"secretSet\":true");
        assertThat(rewrite.rewrite().await().atMost(Duration.ofSeconds(30))).isZero();
    }

    @Test
    void aWrongKeyRefusesToStartAndRewritesNothing() {
        TestTenants.Tenant tenant = TestTenants.create();
        String id = Api.channel(tenant, "webhook", "http://127.0.0.1:9/hook", SECRET, true);
        String before = stored(id);
        ChannelSecrets wrong = new ChannelSecrets(List.of("test:KC6v2rGF3H42iamiAk/wX7GB+rE49+oAwoP+re3f7zQ="));

        assertThatThrownBy(() ->
                        new ChannelSecretRewrite(pool, wrong).rewrite().await().atMost(Duration.ofSeconds(30)))
                .hasMessageContaining("does not start")
                .hasMessageContaining("does not decrypt with key 'test'")
                .hasMessageContaining("Nothing was rewritten")
                .hasMessageNotContaining(SECRET);
        assertThat(stored(id)).isEqualTo(before);
    }
}
