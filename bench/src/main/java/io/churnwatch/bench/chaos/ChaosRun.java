package io.churnwatch.bench.chaos;

import io.churnwatch.bench.PipelineProbe;
import io.churnwatch.bench.ServiceProcess;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.EmbeddedPostgresDatabase;
import io.churnwatch.devstack.FreePorts;
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
 * and the three services as separate JVMs. It replays a generated population's events through ingest at a steady
 * rate and, meanwhile, kills scoring-service with SIGKILL and restarts it, restarts the broker, makes PostgreSQL
 * unreachable, kills alert-service with SIGKILL and restarts it, and writes poison records onto the event topic.
 * After recovery it checks exactly-once counting, episodes and deliveries, the dead-letter topics and the 5xx rule
 * ({@link ChaosChecks}), prints a report and, last, one JSON line; the exit status is 1 when a check failed.
 *
 * <p>Usage: {@value ChaosOptions#USAGE}.
 */
public final class ChaosRun {

    static final String ADMIN_TOKEN = "chaos-admin-token";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final ChaosOptions options;
    private final Path workDir;
    private final FaultLog faults = new FaultLog();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Integer> starts = new LinkedHashMap<>();
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
        say("chaos run (%s): %d events, %d tenants x %d customers, %.0f events/s over %d connections; work dir %s",
                options.shortRun() ? "short" : "full", options.events(), options.tenants(), options.customersPerTenant(),
                options.eventsPerSecond(), options.connections(), workDir);
        EmbeddedPostgresDatabase postgres = new EmbeddedPostgresDatabase(workDir.resolve("postgres"), FreePorts.next()).start();
        BrokerProcess broker = new BrokerProcess(workDir, FreePorts.next(), FreePorts.next(), DevStack.DEFAULT_PARTITIONS);
        try (TcpProxy proxy = TcpProxy.start(0, postgres.port()); WebhookInbox webhook = WebhookInbox.start()) {
            broker.start();
            say("PostgreSQL on %d behind the proxy on %d; broker %s (pid %d)", postgres.port(), proxy.port(), broker.bootstrapServers(), broker.pid());
            startServices(broker.bootstrapServers(), proxy.port());
            List<String> tenants = IntStream.rangeClosed(1, options.tenants()).mapToObj(i -> "chaos-t" + i).toList();
            Map<String, String> keys = new LinkedHashMap<>();
            for (String tenant : tenants) {
                keys.put(tenant, ServiceApi.createTenant(base("ingest-service"), ADMIN_TOKEN, tenant));
                ServiceApi.routeHighRiskTo(base("alert-service"), keys.get(tenant), webhook.url());
            }
            say("services ready after %.0f s; %d tenants with a webhook channel for high risk", seconds(runStart), tenants.size());

            Population population = Population.generate(tenants, options.customersPerTenant(), options.events(), options.seed(), Instant.now());
            GroundTruth truth = new GroundTruth(population.events());
            AnswerLog answers = new AnswerLog();
            PoisonMessages poison = new PoisonMessages(broker.bootstrapServers(), tenants.get(0));
            ChaosLoad load = new ChaosLoad(base("ingest-service"), keys, population.events(), options.batchSize(), options.connections(),
                    options.eventsPerSecond(), truth, answers);
            say("population: %d steady, %d complainers, %d silent; %d batches planned over %d s",
                    population.count(Population.Kind.STEADY), population.count(Population.Kind.COMPLAINER),
                    population.count(Population.Kind.SILENT), load.batchCount(), load.plannedDuration().toSeconds());
            loadStartNanos = System.nanoTime();
            load.start();
            runFaults(load, broker, proxy, poison);
            boolean loadFinished = load.await(Duration.ofMinutes(10));
            double loadSeconds = seconds(loadStartNanos);
            say("load %s after %.0f s: %d of %d events confirmed, %d requests", loadFinished ? "finished" : "STILL RUNNING",
                    loadSeconds, truth.confirmed().size(), population.events().size(), answers.requests());

            long recoveryStart = System.nanoTime();
            try (PipelineProbe probe = new PipelineProbe(broker.bootstrapServers(), postgres.jdbcUrl(), EmbeddedPostgresDatabase.USER)) {
                Recovery.State state = Recovery.await(probe, options.recoveryTimeout());
                double recoverySeconds = seconds(recoveryStart);
                say("recovery %s after %.0f s: %s", state.caughtUp() ? "complete" : "NOT complete", recoverySeconds, state.describe());
                ChaosChecks checks = new ChaosChecks(population, truth, probe.db(), broker.bootstrapServers(), keys,
                        base("scoring-service"), base("alert-service"));
                List<ChaosChecks.Check> results = new ArrayList<>();
                results.add(new ChaosChecks.Check("pipeline recovered", state.caughtUp(), state.describe()));
                results.add(check("events counted exactly once", checks::exactlyOnce));
                results.add(check("scoring REST agrees", checks::restAgrees));
                results.add(check("one open episode and a delivery per customer in high risk", () -> checks.episodes(webhook)));
                results.add(check("dead-letter topics hold only the injected poison", () -> checks.deadLetters(poison)));
                results.add(check("no 5xx but 503 with Retry-After in an outage", () -> ChaosChecks.serverErrors(answers, faults)));
                ChaosReport report = new ChaosReport(options, population, truth, answers, faults, results, checks.crossedIntoHigh().size(),
                        poison.injected().size(), loadSeconds, recoverySeconds, seconds(runStart), loadStartNanos);
                report.print(System.out);
                return report.passed();
            }
        } finally {
            services.values().forEach(ServiceProcess::close);
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

    /** The faults in sequence, each at its share of the planned load time (later if the one before took longer). */
    private void runFaults(ChaosLoad load, BrokerProcess broker, TcpProxy proxy, PoisonMessages poison) throws Exception {
        Duration planned = load.plannedDuration();
        at(planned, 0.05);
        injectPoison(poison);
        at(planned, 0.15);
        killAndRestart("scoring-service");
        at(planned, 0.35);
        restartBroker(broker);
        injectPoison(poison);
        at(planned, 0.55);
        cutPostgres(proxy);
        at(planned, 0.75);
        killAndRestart("alert-service");
        injectPoison(poison);
    }

    private void killAndRestart(String name) throws Exception {
        Instant start = Instant.now();
        ServiceProcess old = services.get(name);
        ProcessHandle handle = ProcessHandle.of(old.pid()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
        ServiceProcess restarted = launch(name);
        restarted.awaitReady(READY_TIMEOUT);
        faults.add("SIGKILL " + name, start, Instant.now(), false,
                "pid " + old.pid() + " killed, restarted as pid " + restarted.pid() + ", ready again");
        say("[%5.1f s] SIGKILL %s (pid %d); restarted as pid %d, ready after %.1f s", seconds(loadStartNanos), name, old.pid(),
                restarted.pid(), Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private void restartBroker(BrokerProcess broker) throws Exception {
        Instant start = Instant.now();
        long pid = broker.pid();
        broker.stop(options.killBroker());
        Instant stopped = Instant.now();
        broker.start();
        String how = options.killBroker() ? "SIGKILL" : "SIGTERM";
        faults.add("broker restart (" + how + ")", start, Instant.now(), true,
                "pid " + pid + " stopped in " + Duration.between(start, stopped).toMillis() + " ms, restarted as pid " + broker.pid());
        say("[%5.1f s] broker restarted: %s to pid %d, down %.1f s, now pid %d", seconds(loadStartNanos), how, pid,
                Duration.between(start, Instant.now()).toMillis() / 1000.0, broker.pid());
    }

    private void cutPostgres(TcpProxy proxy) throws Exception {
        Instant start = Instant.now();
        int connections = proxy.openConnections();
        proxy.cut();
        Thread.sleep(options.postgresOutage().toMillis());
        proxy.resume();
        faults.add("PostgreSQL unreachable", start, Instant.now(), true,
                connections + " connections closed, new ones refused for " + options.postgresOutage().toSeconds() + " s");
        say("[%5.1f s] PostgreSQL unreachable for %d s: %d live connections cut, new ones refused", seconds(loadStartNanos),
                options.postgresOutage().toSeconds(), connections);
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
        common.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedPostgresDatabase.DATABASE);
        common.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedPostgresDatabase.DATABASE);
        common.put("quarkus.datasource.username", EmbeddedPostgresDatabase.USER);
        common.put("quarkus.datasource.password", "");
        common.put("churnwatch.topics.partitions", Integer.toString(DevStack.DEFAULT_PARTITIONS));
        configure("ingest-service", common, Map.of("churnwatch.admin.token", ADMIN_TOKEN,
                "churnwatch.ingest.rate-limit.events-per-second", "100000000", "churnwatch.ingest.rate-limit.burst", "100000000"));
        // A killed consumer's partitions move after its session times out: 10 s here instead of Kafka's 45 s.
        configure("scoring-service", common, Map.of("mp.messaging.incoming.scoring-events.session.timeout.ms", "10000",
                "mp.messaging.incoming.scoring-events.heartbeat.interval.ms", "2000"));
        configure("alert-service", common, Map.of("churnwatch.alert.targets.allow-http", "true",
                "churnwatch.alert.targets.allow-private", "true",
                "churnwatch.alert.delivery.claim-timeout", "PT20S",
                "churnwatch.alert.secrets.keys", "bench:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=",
                "mp.messaging.incoming.risk-changes.session.timeout.ms", "10000",
                "mp.messaging.incoming.risk-changes.heartbeat.interval.ms", "2000"));
        for (String name : configs.keySet()) {
            launch(name);
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(READY_TIMEOUT);
        }
    }

    private void configure(String name, Map<String, String> common, Map<String, String> own) {
        Map<String, String> config = new LinkedHashMap<>(common);
        config.putAll(own);
        configs.put(name, config);
        ports.put(name, FreePorts.next());
    }

    /** Starts (or starts again) a service on its port with its configuration; each start logs to a file of its own. */
    private ServiceProcess launch(String name) throws IOException {
        int start = starts.merge(name, 1, Integer::sum);
        String heap = "scoring-service".equals(name) ? "768m" : "512m";
        ServiceProcess service = ServiceProcess.start(name, options.projectDir(), configs.get(name), ports.get(name), heap, List.of(),
                workDir.resolve(name + "-" + start + ".log"));
        services.put(name, service);
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
