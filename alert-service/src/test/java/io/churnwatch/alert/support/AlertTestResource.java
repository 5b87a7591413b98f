package io.churnwatch.alert.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.churnwatch.devstack.DevStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real Kafka broker and PostgreSQL of {@link DevStack#shared()}, plus a real SMTP server
 * (GreenMail) on a free loopback port: every test class uses this one resource, so Quarkus starts once.
 */
public class AlertTestResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail smtp;

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop, "greenmail-shutdown"));
        }
        return smtp;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(DevStack.shared().serviceConfig());
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtp().getSmtp().getPort()));
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.start-tls", "DISABLED");
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class; stopped when the JVM exits.
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
