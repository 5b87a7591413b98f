package io.churnwatch.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points the service under test at the JVM's shared real Kafka broker and
 * PostgreSQL ({@link DevStack#shared()}), started once per JVM on free ports.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return DevStack.shared().serviceConfig();
    }

    @Override
    public void stop() {
        // The shared stack outlives each test class; it stops when the JVM exits.
    }
}
