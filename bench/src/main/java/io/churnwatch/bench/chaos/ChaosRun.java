package io.churnwatch.bench.chaos;

import io.churnwatch.bench.PipelineProbe;
import io.churnwatch.bench.ServiceProcess;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.EmbeddedPostgresDatabase;
import io.churnwatch.devstack.FreePorts;
import io.churnwatch.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The chaos test: PostgreSQL (embedded, its own process) behind a {@link TcpProxy}, the Kafka broker as a child JVM
 * and the services as separate JVMs: one ingest, two scoring and two alert instances (same groups and database).
 * It replays a generated population's events through ingest at a steady rate and, meanwhile, writes poison and
 * storage poison ({@link StoragePoison}) onto the event topic, kills one scoring instance with SIGKILL (its
 * partitions move to the other) and starts it again later, restarts the broker, makes PostgreSQL unreachable and
 * kills one alert instance with SIGKILL for good. After recovery it checks exactly-once counting, episodes and
 * deliveries, the dead-letter topics, the partition moves and the 5xx rule ({@link ChaosChecks}), prints a report
 * and, last, one JSON line; the exit status is 1 when a check failed.
 *
 * <p>Usage: {@value ChaosOptions#USAGE}.
 */
public final class ChaosRun {

    static final String ADMIN_TOKEN = "chaos-admin-token";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
    private static final String INGEST = "ingest-service";
    private static final String SCORING_1 = "scoring-service-1";
    private static final String SCORING_2 = "scoring-service-2";
    private static final String ALERT_1 = "alert-service-1";
    private static final String ALERT_2 = "alert-service-2";

    private final ChaosOptions options;
    private final Path workDir;
    private final FaultLog faults = new FaultLog();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
    private final Map<String, GroupOwners.Settled> settled = new LinkedHashMap<>();
    private GroupOwners owners;
    private StoragePoison.IngestAnswers storageAnswers;
    private int storageWritten;
    private long loadStartNanos;

    private ChaosRun(ChaosOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            boolean help = e.getMessage().equals(ChaosOptions.USAGE);
            (help ? System.out : System.err).println(e.getMessage());
            System.exit(help ? 0 : 2);
            return;
        }
        Path workDir = Files.createTempDirectory("churnwatch-chaos-");
        boolean passed;
        try {
            passed = new ChaosRun(options, workDir).run();
        } catch (Exception e) {
            // System.exit below also ends the webhook receiver's and the Kafka clients' threads.
            e.printStackTrace();
            say("chaos run aborted: %s; work dir kept: %s", e, workDir);
            passed = false;
        }
        if (passed && !options.keepWorkDir()) {
            deleteTree(workDir);
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws Exception {
        long runStart = System.nanoTime();
        say(
                "chaos run (%s): %d events, %d tenants x %d customers, %.0f events/s over %d connections; work dir %s",
                options.shortRun() ? "short" : "full",
                options.events(),
                options.tenants(),
                options.customersPerTenant(),
                options.eventsPerSecond(),
                options.connections(),
                workDir);
        EmbeddedPostgresDatabase postgres =
                new EmbeddedPostgresDatabase(workDir.resolve("postgres"), FreePorts.next()).start();
        BrokerProcess broker =
                new BrokerProcess(workDir, FreePorts.next(), FreePorts.next(), DevStack.DEFAULT_PARTITIONS);
        try (TcpProxy proxy = TcpProxy.start(0, postgres.port());
                WebhookInbox webhook = WebhookInbox.start()) {
            broker.start();
            owners = new GroupOwners(broker.bootstrapServers());
            say(
                    "PostgreSQL on %d behind the proxy on %d; broker %s (pid %d)",
                    postgres.port(), proxy.port(), broker.bootstrapServers(), broker.pid());
            startServices(broker.bootstrapServers(), proxy.port());
            List<String> tenants = IntStream.rangeClosed(1, options.tenants())
                    .mapToObj(i -> "chaos-t" + i)
                    .toList();
            Map<String, String> keys = new LinkedHashMap<>();
            for (String tenant : tenants) {
                keys.put(tenant, ServiceApi.createTenant(base(INGEST), ADMIN_TOKEN, tenant));
                ServiceApi.routeHighRiskTo(base(ALERT_1), keys.get(tenant), webhook.url());
            }
            String replayKey = ServiceApi.createKey(base(INGEST), ADMIN_TOKEN, tenants.get(0), "ingest", "replay");
            settle("at the start", Recovery.SCORING_GROUP, Topics.EVENTS, List.of(SCORING_1, SCORING_2));
            settle("at the start", Recovery.ALERT_GROUP, Topics.RISK_CHANGES, List.of(ALERT_1, ALERT_2));
            say(
                    "services ready after %.0f s; %d tenants with a webhook channel for high risk; partitions: %s",
                    seconds(runStart),
                    tenants.size(),
                    settled.values().stream()
                            .map(o -> o.group() + " " + o.owners())
                            .toList());

            Population population = Population.generate(
                    tenants, options.customersPerTenant(), options.events(), options.seed(), Instant.now());
            GroundTruth truth = new GroundTruth(population.events());
            AnswerLog answers = new AnswerLog();
            PoisonMessages poison = new PoisonMessages(broker.bootstrapServers(), tenants.get(0));
            StoragePoison storagePoison = new StoragePoison(poison, tenants.get(0));
            ChaosLoad load = new ChaosLoad(
                    base(INGEST),
                    keys,
                    population.events(),
                    options.batchSize(),
                    options.connections(),
                    options.eventsPerSecond(),
                    truth,
                    answers);
            say(
                    "population: %d steady, %d complainers, %d silent; %d batches planned over %d s",
                    population.count(Population.Kind.STEADY),
                    population.count(Population.Kind.COMPLAINER),
                    population.count(Population.Kind.SILENT),
                    load.batchCount(),
                    load.plannedDuration().toSeconds());
            loadStartNanos = System.nanoTime();
            load.start();
            runFaults(load, broker, proxy, poison, () -> injectStoragePoison(storagePoison, replayKey));
            boolean loadFinished = load.await(Duration.ofMinutes(10));
            double loadSeconds = seconds(loadStartNanos);
            say(
                    "load %s after %.0f s: %d of %d events confirmed, %d requests",
                    loadFinished ? "finished" : "STILL RUNNING",
                    loadSeconds,
                    truth.confirmed().size(),
                    population.events().size(),
                    answers.requests());

            long recoveryStart = System.nanoTime();
            try (PipelineProbe probe =
                    new PipelineProbe(broker.bootstrapServers(), postgres.jdbcUrl(), EmbeddedPostgresDatabase.USER)) {
                Recovery.State state = Recovery.await(probe, options.recoveryTimeout());
                double recoverySeconds = seconds(recoveryStart);
                say(
                        "recovery %s after %.0f s: %s",
                        state.caughtUp() ? "complete" : "NOT complete", recoverySeconds, state.describe());
                ChaosChecks checks = new ChaosChecks(
                        population,
                        truth,
                        probe.db(),
                        broker.bootstrapServers(),
                        keys,
                        List.of(base(SCORING_1), base(SCORING_2)),
                        base(ALERT_2));
                List<ChaosChecks.Check> results = new ArrayList<>();
                results.add(new ChaosChecks.Check("pipeline recovered", state.caughtUp(), state.describe()));
                results.add(check("events counted exactly once", checks::exactlyOnce));
                results.add(check("scoring REST agrees", checks::restAgrees));
                results.add(check(
                        "one open episode and a delivery per customer in high risk", () -> checks.episodes(webhook)));
                results.add(
                        check("dead-letter topics hold only the injected poison", () -> checks.deadLetters(poison)));
                results.add(ChaosChecks.partitionsMoved(settled));
                if (storageAnswers != null) {
                    results.add(ChaosChecks.storagePoisonAtIngest(storageAnswers));
                }
                results.add(check(
                        "no 5xx but 503 with Retry-After in an outage",
                        () -> ChaosChecks.serverErrors(answers, faults)));
                Map<String, Integer> poisonCounts = new LinkedHashMap<>();
                poisonCounts.put("expectedInDlq", poison.injected().size());
                poisonCounts.put("storagePoisonOnTopic", storageWritten);
                poisonCounts.put("storagePoisonIngest400", storageAnswers == null ? 0 : storageAnswers.rejected());
                poisonCounts.put("storagePoisonIngestAccepted", storageAnswers == null ? 0 : storageAnswers.accepted());
                ChaosReport report = new ChaosReport(
                        options,
                        population,
                        truth,
                        answers,
                        faults,
                        results,
                        checks.crossedIntoHigh().size(),
                        poisonCounts,
                        loadSeconds,
                        recoverySeconds,
                        seconds(runStart),
                        loadStartNanos);
                report.print(System.out);
                return report.passed();
            }
        } finally {
            services.values().forEach(ServiceProcess::close);
            if (owners != null) {
                owners.close();
            }
            broker.close();
            postgres.stop();
        }
    }

    /** Runs one check; one that cannot even be evaluated (a service answering an error, say) fails with the reason. */
    private static ChaosChecks.Check check(String name, Callable<ChaosChecks.Check> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return new ChaosChecks.Check(name, false, "could not be checked: " + e);
        }
    }

    /**
     * The faults in sequence, each at its share of the planned load time (later if the one before took longer).
     * The killed scoring instance is started again (its partitions move back); the killed alert instance is not, so
     * the other one finishes alone, deliveries the killed one had claimed included.
     */
    private void runFaults(
            ChaosLoad load, BrokerProcess broker, TcpProxy proxy, PoisonMessages poison, Callable<Void> storagePoison)
            throws Exception {
        Duration planned = load.plannedDuration();
        at(planned, 0.05);
        injectPoison(poison);
        if (options.storagePoison()) {
            storagePoison.call();
        }
        at(planned, 0.15);
        kill(SCORING_1, Recovery.SCORING_GROUP, Topics.EVENTS, SCORING_2);
        at(planned, 0.35);
        restartBroker(broker);
        injectPoison(poison);
        at(planned, 0.45);
        startAgain(SCORING_1, Recovery.SCORING_GROUP, Topics.EVENTS, SCORING_2);
        at(planned, 0.55);
        cutPostgres(proxy);
        at(planned, 0.75);
        kill(ALERT_1, Recovery.ALERT_GROUP, Topics.RISK_CHANGES, ALERT_2);
        injectPoison(poison);
    }

    /** SIGKILLs the instance and waits until its partitions have moved to {@code survivor}. */
    private void kill(String instance, String group, String topic, String survivor) throws Exception {
        Instant start = Instant.now();
        long pid = services.get(instance).pid();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
        GroupOwners.Settled moved = settle("after SIGKILL " + instance, group, topic, List.of(survivor));
        faults.add(
                "SIGKILL " + instance,
                start,
                Instant.now(),
                false,
                "pid " + pid + " killed; partitions " + moved.describe());
        say("[%5.1f s] SIGKILL %s (pid %d); partitions %s", seconds(loadStartNanos), instance, pid, moved.describe());
    }

    /** Starts a killed instance again and waits until it is ready and owns partitions next to {@code other}. */
    private void startAgain(String instance, String group, String topic, String other) throws Exception {
        Instant start = Instant.now();
        ServiceProcess restarted = launch(instance);
        restarted.awaitReady(READY_TIMEOUT);
        GroupOwners.Settled shared =
                settle("after " + instance + " started again", group, topic, List.of(instance, other));
        faults.add(
                "start " + instance + " again",
                start,
                Instant.now(),
                false,
                "pid " + restarted.pid() + " ready; partitions " + shared.describe());
        say(
                "[%5.1f s] %s started again as pid %d; partitions %s",
                seconds(loadStartNanos), instance, restarted.pid(), shared.describe());
    }

    private GroupOwners.Settled settle(String when, String group, String topic, List<String> instances)
            throws InterruptedException {
        GroupOwners.Settled result = owners.await(group, topic, instances, SETTLE_TIMEOUT);
        settled.put(group + " " + when, result);
        return result;
    }

    private Void injectStoragePoison(StoragePoison storagePoison, String replayKey) throws Exception {
        Instant at = Instant.now();
        storageWritten = storagePoison.writeToTopic();
        storageAnswers = storagePoison.postToIngest(base(INGEST), replayKey);
        faults.add(
                "storage poison",
                at,
                Instant.now(),
                false,
                storageWritten + " records written to the event topic; " + "the same values posted to ingest answered "
                        + storageAnswers.byStatus());
        say(
                "[%5.1f s] storage poison: %d records written onto the event topic; posted to ingest: answers %s",
                seconds(loadStartNanos), storageWritten, storageAnswers.byStatus());
        return null;
    }

    private void restartBroker(BrokerProcess broker) throws Exception {
        Instant start = Instant.now();
        long pid = broker.pid();
        broker.stop(options.killBroker());
        Instant stopped = Instant.now();
        broker.start();
        String how = options.killBroker() ? "SIGKILL" : "SIGTERM";
        faults.add(
                "broker restart (" + how + ")",
                start,
                Instant.now(),
                true,
                "pid " + pid + " stopped in " + Duration.between(start, stopped).toMillis() + " ms, restarted as pid "
                        + broker.pid());
        say(
                "[%5.1f s] broker restarted: %s to pid %d, down %.1f s, now pid %d",
                seconds(loadStartNanos),
                how,
                pid,
                Duration.between(start, Instant.now()).toMillis() / 1000.0,
                broker.pid());
    }

    private void cutPostgres(TcpProxy proxy) throws Exception {
        Instant start = Instant.now();
        int connections = proxy.openConnections();
        proxy.cut();
        Thread.sleep(options.postgresOutage().toMillis());
        proxy.resume();
        faults.add(
                "PostgreSQL unreachable",
                start,
                Instant.now(),
                true,
                connections + " connections closed, new ones refused for "
                        + options.postgresOutage().toSeconds() + " s");
        say(
                "[%5.1f s] PostgreSQL unreachable for %d s: %d live connections cut, new ones refused",
                seconds(loadStartNanos), options.postgresOutage().toSeconds(), connections);
    }

    private void injectPoison(PoisonMessages poison) throws Exception {
        Instant at = Instant.now();
        int count = poison.injectRound().size();
        faults.add("poison records", at, Instant.now(), false, count + " records written to the event topic");
        say("[%5.1f s] %d poison records written onto the event topic", seconds(loadStartNanos), count);
    }

    private void at(Duration planned, double share) throws InterruptedException {
        long due = loadStartNanos + (long) (planned.toNanos() * share);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }

    private void startServices(String bootstrapServers, int postgresPort) throws Exception {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", bootstrapServers);
        common.put(
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedPostgresDatabase.DATABASE);
        common.put(
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedPostgresDatabase.DATABASE);
        common.put("quarkus.datasource.username", EmbeddedPostgresDatabase.USER);
        common.put("quarkus.datasource.password", "");
        common.put("churnwatch.topics.partitions", Integer.toString(DevStack.DEFAULT_PARTITIONS));
        configure(
                INGEST,
                common,
                Map.of(
                        "churnwatch.admin.token",
                        ADMIN_TOKEN,
                        "churnwatch.ingest.rate-limit.events-per-second",
                        "100000000",
                        "churnwatch.ingest.rate-limit.burst",
                        "100000000"));
        // A killed consumer's partitions move after its session times out: 10 s here instead of Kafka's 45 s.
        for (String scoring : List.of(SCORING_1, SCORING_2)) {
            configure(
                    scoring,
                    common,
                    Map.of(
                            "mp.messaging.incoming.scoring-events.session.timeout.ms",
                            "10000",
                            "mp.messaging.incoming.scoring-events.heartbeat.interval.ms",
                            "2000",
                            "mp.messaging.incoming.scoring-events.client-id-prefix",
                            GroupOwners.clientIdPrefix(scoring)));
        }
        for (String alert : List.of(ALERT_1, ALERT_2)) {
            configure(
                    alert,
                    common,
                    Map.of(
                            "churnwatch.alert.targets.allow-http",
                            "true",
                            "churnwatch.alert.targets.allow-private",
                            "true",
                            "churnwatch.alert.delivery.claim-timeout",
                            "PT20S",
                            "churnwatch.alert.secrets.keys",
                            "bench:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=",
                            "mp.messaging.incoming.risk-changes.session.timeout.ms",
                            "10000",
                            "mp.messaging.incoming.risk-changes.heartbeat.interval.ms",
                            "2000",
                            "mp.messaging.incoming.risk-changes.client-id-prefix",
                            GroupOwners.clientIdPrefix(alert)));
        }
        for (String name : configs.keySet()) {
            launch(name);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    private void configure(String instance, Map<String, String> common, Map<String, String> own) {
        Map<String, String> config = new LinkedHashMap<>(common);
        config.putAll(own);
        configs.put(instance, config);
        ports.put(instance, FreePorts.next());
    }

    /**
     * Starts (or starts again) an instance of a service ({@code scoring-service-2} is scoring-service) on its port
     * with its configuration; each start logs to a file of its own.
     */
    private ServiceProcess launch(String instance) throws IOException {
        int start = starts.merge(instance, 1, Integer::sum);
        String module = instance.replaceFirst("-\\d+$", "");
        String heap = "scoring-service".equals(module) ? "768m" : "512m";
        ServiceProcess service = ServiceProcess.start(
                module,
                options.projectDir(),
                configs.get(instance),
                ports.get(instance),
                heap,
                List.of(),
                workDir.resolve(instance + "-" + start + ".log"));
        services.put(instance, service);
        return service;
    }

    private URI base(String name) {
        return services.get(name).base();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
