package io.churnwatch.alert.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Encryption of channel secrets at rest: rotation, wrong keys and missing configuration. */
class ChannelSecretsTest {

    private static final String K1 = "k1:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=";
    private static final String K2 = "k2:KC6v2rGF3H42iamiAk/wX7GB+rE49+oAwoP+re3f7zQ=";
    private static final String K1_OTHER_BYTES = "k1:KC6v2rGF3H42iamiAk/wX7GB+rE49+oAwoP+re3f7zQ=";
    private static final String SECRET = "https://oapi.dingtalk.com/robot/send?access_token=TOKEN-77";

    @Test
    void storesNeitherTheSecretNorTheSameTextTwice() {
        ChannelSecrets secrets = new ChannelSecrets(List.of(K1));
        String once = secrets.encrypt(SECRET);
        assertThat(once).startsWith("enc:v1:k1:").doesNotContain("TOKEN-77", "dingtalk");
        assertThat(secrets.encrypt(SECRET)).isNotEqualTo(once);
        assertThat(secrets.decrypt(once)).isEqualTo(SECRET);
        assertThat(secrets.encrypt(null)).isNull();
    }

    @Test
    void aRotatedKeyListStillReadsOldValuesAndEncryptsWithTheNewFirstKey() {
        String old = new ChannelSecrets(List.of(K1)).encrypt(SECRET);
        ChannelSecrets rotated = new ChannelSecrets(List.of(K2, K1));
        assertThat(rotated.decrypt(old)).isEqualTo(SECRET);
        assertThat(rotated.isStale(old)).isTrue();
        String fresh = rotated.encrypt(SECRET);
        assertThat(fresh).startsWith("enc:v1:k2:");
        assertThat(rotated.isStale(fresh)).isFalse();
        assertThat(new ChannelSecrets(List.of(K2)).decrypt(fresh)).isEqualTo(SECRET);
    }

    @Test
    void aValueFromBeforeEncryptionReadsAsItIsAndIsStale() {
        ChannelSecrets secrets = new ChannelSecrets(List.of(K1));
        assertThat(secrets.decrypt(SECRET)).isEqualTo(SECRET);
        assertThat(secrets.isStale(SECRET)).isTrue();
    }

    @Test
    void aWrongKeyFailsClearlyWithoutShowingTheValue() {
        String stored = new ChannelSecrets(List.of(K1)).encrypt(SECRET);
        assertThatThrownBy(() -> new ChannelSecrets(List.of(K1_OTHER_BYTES)).decrypt(stored))
                .isInstanceOf(ChannelSecrets.UnreadableSecretException.class)
                .hasMessageContaining("does not decrypt with key 'k1'")
                .hasMessageNotContaining("TOKEN-77");
        assertThatThrownBy(() -> new ChannelSecrets(List.of(K2)).decrypt(stored))
                .isInstanceOf(ChannelSecrets.UnreadableSecretException.class)
                .hasMessageContaining("encrypted with key 'k1', which churnwatch.alert.secrets.keys does not hold");
        String tampered = stored.substring(0, stored.length() - 6) + "AAAAA=";
        assertThatThrownBy(() -> new ChannelSecrets(List.of(K1)).decrypt(tampered))
                .isInstanceOf(ChannelSecrets.UnreadableSecretException.class);
    }

    @Test
    void refusesToStartWithoutAUsableKey() {
        assertThatThrownBy(() -> new ChannelSecrets(List.of()))
                .hasMessageContaining("(CHURNWATCH_ALERT_SECRETS_KEYS) is not set");
        assertThatThrownBy(() -> new ChannelSecrets(List.of("k1:c2hvcnQ="))).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> new ChannelSecrets(List.of("DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=")))
                .hasMessageContaining("id:base64key");
        assertThatThrownBy(() -> new ChannelSecrets(List.of(K1, K1_OTHER_BYTES)))
                .hasMessageContaining("appears twice");
    }
}
