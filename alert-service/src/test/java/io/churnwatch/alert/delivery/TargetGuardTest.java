package io.churnwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.common.problem.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSRF protection of webhook targets, as configured in production (nothing internal, https only). */
class TargetGuardTest {

    private final TargetGuard production = new TargetGuard(false, false);
    private final TargetGuard tests = new TargetGuard(true, true);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://localhost/hook",
                "https://[::1]/hook",
                "https://10.1.2.3/hook",
                "https://172.16.0.9/hook",
                "https://192.168.1.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[fe80::1]/hook",
                "https://[fd00::1]/hook",
                "https://100.64.0.1/hook",
                "https://0.0.0.0/hook",
                "https://[::ffff:127.0.0.1]/hook",
                "https://[::ffff:10.0.0.1]/hook",
                "http://93.184.216.34/hook",
                "ftp://93.184.216.34/hook",
                "file:///etc/passwd",
                "https://user:pw@93.184.216.34/hook",
                "not a url",
                ""
            })
    void refusesInternalAndNonHttpsTargets(String url) {
        assertThatThrownBy(() -> production.check(url))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().detail())
                        .doesNotContain("pw")
                        .doesNotContain("meta-data"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://[64:ff9b::7f00:1]/hook",
                "https://[64:ff9b::a00:1]/hook",
                "https://[64:ff9b::5db8:d822]/hook",
                "https://[64:ff9b:1::a9fe:a9fe]/hook",
                "https://[::7f00:1]/hook",
                "https://[::a00:1]/hook",
                "https://[::5db8:d822]/hook",
                "https://[2002:7f00:1::1]/hook",
                "https://[2002:c0a8:101::1]/hook",
                "https://[2002:5db8:d822::1]/hook",
                "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook"
            })
    void refusesIpv6AddressesThatCarryAnIpv4Address(String url) {
        assertThatThrownBy(() -> production.check(url)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "https://[2606:2800:220:1:248:1893:25c8:1946]/hook"})
    void acceptsPublicHttpsTargets(String url) {
        assertThat(production.check(url).getHost()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://10.1.2.3/hook"})
    void allowsLoopbackAndPrivateOnlyWhenConfigured(String url) {
        assertThat(tests.check(url).getHost()).isNotBlank();
    }
}
