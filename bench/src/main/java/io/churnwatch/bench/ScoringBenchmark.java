package io.churnwatch.bench;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.EmbeddedPostgresDatabase;
import io.churnwatch.devstack.FreePorts;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.SchemaVersion;
import io.churnwatch.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scoring benchmark. Part 1: churnwatch.events.v1 is pre-filled with N contract events; Kafka's
 * ConsumerPerformance reads them (the reference), then scoring-service (a separate JVM) consumes them
 * with state persisted; events/s is measured on the offsets it stores with its state, and the ratio to
 * ConsumerPerformance is printed (goal 0.3). Part 2: 1,000,000 customers in scoring.customers, 1% of them
 * due; EXPLAIN (ANALYZE) of the gap scan's query and the time the service's scan takes to work them off.
 * Usage: {@code bench/scoring-bench [--events N] [--customers N] [--gap-customers N] [--due-percent P]}.
 */
public final class ScoringBenchmark {

    static final String TENANT = "bench";
    static final String GAP_TENANT = "gapbench";
    static final String GROUP = "churnwatch-scoring";
    static final String LEARNED_GROUP = "churnwatch-scoring-learned";
    /** The exact query of CustomerRepository.lockDue for every tenant (wall clock), with the scan's page size. */
    static final String SCAN_QUERY =
            "SELECT * FROM scoring.customers WHERE next_due_at <= now() ORDER BY next_due_at LIMIT 200 FOR UPDATE SKIP LOCKED";

    private ScoringBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path projectDir = Path.of("").toAbsolutePath();
        long events = 300_000;
        int customers = 10_000;
        int gapCustomers = 1_000_000;
        double duePercent = 1.0;
        double goal = 0.3;
        boolean jfr = false;
        boolean learned = false;
        Map<String, String> scoringProps = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--project-dir" -> projectDir = Path.of(args[++i]).toAbsolutePath();
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--gap-customers" -> gapCustomers = Integer.parseInt(args[++i]);
                case "--due-percent" -> duePercent = Double.parseDouble(args[++i]);
                case "--jfr" -> jfr = true;
                case "--learned" -> learned = true;
                case "--scoring-prop" -> {
                    String[] kv = args[++i].split("=", 2);
                    scoringProps.put(kv[0], kv[1]);
                }
                default -> {
                    System.err.println(
                            "usage: bench/scoring-bench [--events N] [--customers N] [--gap-customers N] [--due-percent P] [--jfr] [--learned] [--scoring-prop key=value]...");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("churnwatch-scoring-bench-");
        say(
                "ChurnWatch scoring benchmark; work dir %s; %d cores, java %s",
                dir, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        DevStack stack =
                new DevStack(dir, FreePorts.next(), FreePorts.next(), FreePorts.next(), DevStack.DEFAULT_PARTITIONS);
        ServiceProcess scoring = null;
        try {
            stack.start();
            String bootstrap = stack.kafka().bootstrapServers();
            say(
                    "== pre-fill: %,d contract events of %,d customers on %s (%d partitions)",
                    events, customers, Topics.EVENTS, stack.partitions());
            double meanBytes = prefill(bootstrap, events, customers);
            say("   mean record value %.0f bytes", meanBytes);

            say("== ConsumerPerformance on the same broker, topic and partitions");
            ConsumerPerfRun.Result cp = ConsumerPerfRun.run(bootstrap, Topics.EVENTS, events, "bench-consumer-perf");
            say(
                    "   ConsumerPerformance: %.0f records/s (%.0f records/s over fetch time only)",
                    cp.recordsPerSecond(), cp.fetchRecordsPerSecond());

            Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
            config.put("churnwatch.scoring.gap-scan.every", "1s");
            config.putAll(scoringProps);
            if (!scoringProps.isEmpty()) {
                say("   scoring-service properties: %s", scoringProps);
            }
            int port = FreePorts.next();
            long t0 = System.nanoTime();
            Path jfrFile = dir.resolve("scoring.jfr");
            List<String> jvm = jfr
                    ? List.of("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true")
                    : List.of();
            scoring = ServiceProcess.start(
                    "scoring-service", projectDir, config, port, "1g", jvm, dir.resolve("scoring-service.log"));
            Path pgDir = dir.resolve("postgres");
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("bench-jvm(broker)", ProcessHandle.current().pid());
            pids.put("scoring-service", scoring.pid());
            try (PipelineProbe probe =
                    new PipelineProbe(bootstrap, stack.postgres().jdbcUrl(), EmbeddedPostgresDatabase.USER)) {
                say(
                        "== scoring-service consuming (state, events, history, outbox, processed ids and offsets per batch transaction)");
                Consumed rules = consume(probe, events, t0, pids, pgDir);
                double measured = rules.eventsPerSecond();
                // Against ConsumerPerformance's fetch rate: its group join is left out as scoring's start-up is.
                double ratio = measured / cp.fetchRecordsPerSecond();
                say(
                        "   Kafka-committed lag of %s: %d (commits are throttled; PostgreSQL's stored offsets are the truth)",
                        GROUP, probe.kafkaLag(GROUP, Topics.EVENTS));
                String learnedJson = "";
                if (learned) {
                    scoring.close();
                    say(
                            "== the same events again, scored by a trained model (features, XGBoost prediction and contributions per rescoring)");
                    InferenceCost.installModel(probe.db(), TENANT);
                    config.put("mp.messaging.incoming.scoring-events.group.id", LEARNED_GROUP);
                    config.put("churnwatch.scoring.learning.sets-levels", "true");
                    config.put("churnwatch.scoring.learning.check-every", "1s");
                    t0 = System.nanoTime();
                    scoring = ServiceProcess.start(
                            "scoring-service",
                            projectDir,
                            config,
                            port,
                            "1g",
                            jvm,
                            dir.resolve("scoring-service-learned.log"));
                    pids.put("scoring-service", scoring.pid());
                    Consumed model = consume(probe, events, t0, pids, pgDir);
                    double share = InferenceCost.scoredByModel(probe.db(), TENANT);
                    double cost = 1 - model.eventsPerSecond() / measured;
                    say(
                            "RESULT learned model             %,.0f events/s, %.1f%% below the rules' %,.0f (goal < 20%%: %s); %.0f%% of"
                                    + " its risk changes made by the model",
                            model.eventsPerSecond(), 100 * cost, measured, cost < 0.2 ? "met" : "NOT met", 100 * share);
                    learnedJson = String.format(
                            Locale.ROOT,
                            ",\"learnedEventsPerSec\":%.1f,\"inferenceCost\":%.4f,\"inferenceGoalMet\":%s,"
                                    + "\"scoredByModel\":%.4f",
                            model.eventsPerSecond(),
                            cost,
                            cost < 0.2,
                            share);
                }
                long scoredCustomers = count(probe.db(), "SELECT count(*) FROM scoring.customers");
                say(
                        "   %,d customers with state; %,d score-history rows; %,d risk changes in the outbox",
                        scoredCustomers,
                        count(probe.db(), "SELECT count(*) FROM scoring.score_history"),
                        count(
                                probe.db(),
                                "SELECT count(*) FROM scoring.outbox WHERE topic = '" + Topics.RISK_CHANGES + "'"));

                PostgresStatements.printTop(probe.db(), 12);

                say("== gap scan: %,d customers, %.1f%% due", gapCustomers, duePercent);
                GapResult gap = gapScan(probe.db(), gapCustomers, duePercent);

                say(
                        "RESULT ConsumerPerformance      %,.0f records/s over its fetch time (%,.0f records/s with its group join)",
                        cp.fetchRecordsPerSecond(), cp.recordsPerSecond());
                say("RESULT scoring (state persisted) %,.0f events/s", measured);
                say(
                        "RESULT ratio scoring / CP        %.3f (goal %.2f: %s)",
                        ratio, goal, ratio >= goal ? "met" : "NOT met");
                say(
                        "RESULT gap scan                  query %.2f ms per page (EXPLAIN ANALYZE), %,d due customers rescored in %.1f s; index used: %s",
                        gap.explainMs(), gap.due(), gap.scanSeconds(), gap.usesIndex());
                System.out.printf(
                        Locale.ROOT,
                        "{\"events\":%d,\"meanRecordBytes\":%.0f,\"consumerPerfRecordsPerSec\":%.1f,"
                                + "\"consumerPerfFetchRecordsPerSec\":%.1f,\"scoringEventsPerSec\":%.1f,\"ratio\":%.4f,\"goal\":%.2f,\"goalMet\":%s,"
                                + "\"gapCustomers\":%d,\"gapDue\":%d,\"gapQueryMs\":%.3f,\"gapScanSeconds\":%.2f,\"gapIndexUsed\":%s,\"cores\":%d%s}%n",
                        events,
                        meanBytes,
                        cp.recordsPerSecond(),
                        cp.fetchRecordsPerSecond(),
                        measured,
                        ratio,
                        goal,
                        ratio >= goal,
                        gapCustomers,
                        gap.due(),
                        gap.explainMs(),
                        gap.scanSeconds(),
                        gap.usesIndex(),
                        Runtime.getRuntime().availableProcessors(),
                        learnedJson);
            }
        } finally {
            if (scoring != null) {
                scoring.close();
            }
            stack.close();
        }
        if (jfr && Files.exists(dir.resolve("scoring.jfr"))) {
            say("== JFR of scoring-service (whole run: consumption and gap scan)");
            JfrTop.print(dir.resolve("scoring.jfr"), 25);
        }
        System.exit(0);
    }

    /** Produces {@code events} contract events as the ingest service would write them; returns the mean value size. */
    static double prefill(String bootstrap, long events, int customers) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
        EventGenerator generator = new EventGenerator("sb-", new AtomicLong(), customers, 42);
        long bytes = 0;
        long started = System.nanoTime();
        java.util.Queue<ProducerRecord<String, byte[]>> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                InteractionEvent event = EventGenerator.contractEvent(generator.next(), TENANT);
                byte[] value = ContractSerde.toJson(event);
                bytes += value.length;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EVENTS, event.key(), value);
                record.headers()
                        .add(new RecordHeader(Topics.SCHEMA_VERSION_HEADER, SchemaVersion.CURRENT_HEADER_VALUE))
                        .add(new RecordHeader(Topics.TENANT_HEADER, TENANT.getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader(Topics.TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8)));
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failed.add(record);
                    }
                });
            }
            producer.flush();
            // The consumption phase waits for exactly N applied records: a send that failed is sent again.
            for (ProducerRecord<String, byte[]> record; (record = failed.poll()) != null; ) {
                say("   resending a record whose send failed");
                producer.send(record).get(1, java.util.concurrent.TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("pre-fill failed", e);
        }
        say("   produced in %.1f s", (System.nanoTime() - started) / 1e9);
        return (double) bytes / events;
    }

    /** A consumption run: events/s from 5% of the events to the end. */
    record Consumed(double eventsPerSecond) {}

    /**
     * Waits until the service stored {@code events} offsets (under its fixed group name, whichever Kafka group it
     * joined), measuring from the 5% mark.
     */
    static Consumed consume(PipelineProbe probe, long events, long t0, Map<String, Long> pids, Path pgDir)
            throws Exception {
        long firstAt = 0;
        long fromRecords = 0;
        long measureFrom = events / 20;
        long tFrom = 0;
        Map<String, Double> cpuFrom = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long applied;
        while ((applied = probe.appliedRecords(GROUP, Topics.EVENTS)) < events) {
            long now = System.nanoTime();
            if (firstAt == 0 && applied > 0) {
                firstAt = now;
                say("   first batch applied %.1f s after the service was started", (now - t0) / 1e9);
            }
            if (tFrom == 0 && applied >= measureFrom) {
                tFrom = now;
                fromRecords = applied;
                cpuFrom = CpuTimes.snapshot(pids, pgDir);
            }
            if (now > nextReport) {
                say("   %,d of %,d applied", applied, events);
                nextReport = now + Duration.ofSeconds(15).toNanos();
            }
            if (now > deadline) {
                throw new IllegalStateException("scoring did not catch up within 60 minutes");
            }
            Thread.sleep(50);
        }
        long tEnd = System.nanoTime();
        Map<String, Double> cpuEnd = CpuTimes.snapshot(pids, pgDir);
        double measured = (applied - fromRecords) / ((tEnd - tFrom) / 1e9);
        say(
                "   applied %,d events; %.0f events/s from %,d to the end (%.1f s), %.0f events/s from the first batch",
                applied, measured, fromRecords, (tEnd - tFrom) / 1e9, applied / ((tEnd - firstAt) / 1e9));
        say("   CPU while measured: %s", CpuTimes.describe(cpuFrom, cpuEnd, (tEnd - tFrom) / 1e9));
        return new Consumed(measured);
    }

    record GapResult(long due, double explainMs, double scanSeconds, boolean usesIndex) {}

    /**
     * Inserts the customers server-side (one INSERT ... SELECT over generate_series, each with the state
     * document of a customer scored in part 1), every 1/duePercent-th due a day ago and the rest due in 1
     * to 30 days, 5% with no due time; then EXPLAIN (ANALYZE, BUFFERS) of the scan's query in a rolled-back
     * transaction, and the time until the running service's scan (every 1 s) has rescored every due one.
     */
    static GapResult gapScan(Connection db, int customers, double duePercent) throws Exception {
        int every = (int) Math.round(100 / duePercent);
        long t0 = System.nanoTime();
        try (Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            // Due customers get their due time only after the plan is taken, so the running scan does not start early.
            s.executeUpdate(
                    "INSERT INTO scoring.customers (tenant_id, customer_id, state, next_due_at, last_activity_at, segment, mrr) "
                            + "SELECT '" + GAP_TENANT
                            + "', 'g' || g, (SELECT state FROM scoring.customers WHERE tenant_id = '" + TENANT
                            + "' LIMIT 1), "
                            + "CASE WHEN g % 20 = 1 THEN NULL WHEN g % " + every
                            + " = 0 THEN now() + interval '3650 days' "
                            + "ELSE now() + (1 + g % 30) * interval '1 day' + (g % 86400) * interval '1 second' END, "
                            + "now() - interval '10 days', 'smb', 100 FROM generate_series(1, " + customers + ") g");
            db.commit();
            db.setAutoCommit(true);
            s.execute("VACUUM ANALYZE scoring.customers");
        }
        say(
                "   inserted %,d customers in %.1f s (INSERT ... SELECT generate_series, then VACUUM ANALYZE)",
                customers, (System.nanoTime() - t0) / 1e9);
        long due;
        try (Statement s = db.createStatement()) {
            due = s.executeUpdate(
                    "UPDATE scoring.customers SET next_due_at = now() - interval '1 day' WHERE tenant_id = '"
                            + GAP_TENANT + "' AND next_due_at > now() + interval '3000 days'");
        }
        long dueAt = System.nanoTime();
        // The plan, in a transaction rolled back so the locks and nothing else stay.
        StringBuilder plan = new StringBuilder();
        double explainMs;
        try (Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            long e0 = System.nanoTime();
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + SCAN_QUERY)) {
                while (rs.next()) {
                    plan.append("   | ").append(rs.getString(1)).append('\n');
                }
            }
            explainMs = (System.nanoTime() - e0) / 1e6;
            db.rollback();
            db.setAutoCommit(true);
        }
        System.out.print("   EXPLAIN (ANALYZE, BUFFERS) " + SCAN_QUERY + "\n" + plan);
        boolean usesIndex = plan.toString().contains("customers_next_due");
        double executionMs = explainMs;
        for (String line : plan.toString().split("\n")) {
            if (line.contains("Execution Time:")) {
                executionMs = Double.parseDouble(line.replaceAll(".*Execution Time: ([\\d.]+) ms.*", "$1"));
            }
        }
        long left;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while ((left = count(
                        db,
                        "SELECT count(*) FROM scoring.customers WHERE tenant_id = '" + GAP_TENANT
                                + "' AND next_due_at <= now()"))
                > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gap scan left " + left + " due customers after 20 minutes");
            }
            Thread.sleep(100);
        }
        double scanSeconds = (System.nanoTime() - dueAt) / 1e9;
        long rescored = count(
                db,
                "SELECT count(*) FROM scoring.score_history WHERE tenant_id = '" + GAP_TENANT
                        + "' AND cause = 'GAP_SCAN'");
        say(
                "   %,d due customers worked off %.1f s after they became due (scan every 1 s, pages of 200, at most 50 pages a run); "
                        + "%,d GAP_SCAN history rows",
                due, scanSeconds, rescored);
        return new GapResult(due, executionMs, scanSeconds, usesIndex);
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }
}
