package io.churnwatch.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code bench/chaos}. The full run (default) replays 100,000 events; {@code --short} 20,000 at a lower
 * rate with fewer customers, for CI. Any option given explicitly overrides the preset.
 */
record ChaosOptions(
        Path projectDir,
        boolean shortRun,
        int events,
        int tenants,
        int customersPerTenant,
        double eventsPerSecond,
        int connections,
        int batchSize,
        Duration postgresOutage,
        boolean killBroker,
        long seed,
        Duration recoveryTimeout,
        boolean keepWorkDir,
        boolean storagePoison) {

    private static final Set<String> FLAGS = Set.of("short", "kill-broker", "keep", "no-storage-poison");

    static final String USAGE =
            "bench/chaos [--short] [--events N] [--tenants N] [--customers N per tenant] [--rate EVENTS_PER_S] "
                    + "[--connections N] [--batch N] [--pg-outage-seconds S] [--kill-broker] [--seed N] "
                    + "[--recovery-timeout-seconds S] [--keep] [--no-storage-poison]";

    static ChaosOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if ("help".equals(name)) {
                throw new IllegalArgumentException(USAGE);
            }
            if (FLAGS.contains(name)) {
                given.put(name, "true");
            } else if (i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("Missing value for " + args[i] + "\n" + USAGE);
            }
        }
        boolean shortRun = given.containsKey("short");
        ChaosOptions options = new ChaosOptions(
                Path.of(given.getOrDefault("project-dir", ".")).toAbsolutePath(),
                shortRun,
                integer(given, "events", shortRun ? 20_000 : 100_000),
                integer(given, "tenants", 5),
                integer(given, "customers", shortRun ? 200 : 400),
                Double.parseDouble(given.getOrDefault("rate", shortRun ? "250" : "500")),
                integer(given, "connections", 8),
                integer(given, "batch", 20),
                Duration.ofSeconds(integer(given, "pg-outage-seconds", 20)),
                given.containsKey("kill-broker"),
                Long.parseLong(given.getOrDefault("seed", "1")),
                Duration.ofSeconds(integer(given, "recovery-timeout-seconds", shortRun ? 180 : 300)),
                given.containsKey("keep"),
                !given.containsKey("no-storage-poison"));
        Set<String> known = Set.of(
                "project-dir",
                "short",
                "events",
                "tenants",
                "customers",
                "rate",
                "connections",
                "batch",
                "pg-outage-seconds",
                "kill-broker",
                "seed",
                "recovery-timeout-seconds",
                "keep",
                "no-storage-poison");
        given.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("Unknown option --" + k + "\n" + USAGE);
        });
        return options;
    }

    private static int integer(Map<String, String> given, String name, int preset) {
        return Integer.parseInt(given.getOrDefault(name, Integer.toString(preset)));
    }
}
