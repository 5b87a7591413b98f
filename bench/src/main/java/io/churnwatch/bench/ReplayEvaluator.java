package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.EmbeddedPostgresDatabase;
import io.churnwatch.devstack.FreePorts;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.model.LearningPolicy;
import io.churnwatch.scoring.model.LevelThresholds;
import io.churnwatch.scoring.model.WarningEvaluation;
import io.churnwatch.scoring.model.WarningEvaluation.Alert;
import io.churnwatch.scoring.model.WarningEvaluation.CustomerLabel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replay evaluator: pushes a real event log through the real pipeline (REST ingest, Kafka, scoring
 * on event time) as fast as it goes, with the labels' churns fed back as {@code churned} events in time
 * order, reads back the risk changes, turns them into alerts and scores them against the labels with
 * {@link WarningEvaluation}; with {@code --sweep}, also the frontier over HIGH thresholds on the recorded
 * score ({@link ThresholdSweep}). Prints a summary, the last line one JSON object. Usage:
 * {@code bench/replay EVENTS.jsonl LABELS.jsonl [options]} (see {@link #USAGE}). Every dataset gets the
 * same settings.
 */
public final class ReplayEvaluator {

    static final String TENANT = "replay";
    static final String ADMIN_TOKEN = "replay-admin-token";
    static final String SCORING_GROUP = "churnwatch-scoring";
    static final String USAGE = """
            usage: bench/replay EVENTS.jsonl LABELS.jsonl [options]
              --window-days N       an alert is a true positive if churn follows within N days (45)
              --early-days N        lead needed for recall7d (7)
              --until ISO-8601      move the event-time clock to this time at the end (default: the last event's time)
              --connections N       parallel ingest connections (4)
              --batch N             events per request, at most 500 (500)
              --gap-scan-every D    scoring's gap-scan period (1s)
              --partitions N        partitions of the event topic (6)
              --timeout-minutes N   give up waiting for scoring after N minutes (60)
              --max-ahead N         most events sent but not yet scored (default: ~6 h of the log, at least 2500; 0: unbounded)
              --alerts-out FILE     also write every risk change (JSON lines) there, for analysis; with --sweep
                                    also FILE.history.csv, every recorded score (customerId,scoredAt,score)
              --no-outcomes         do not feed the labels' churns back as churned events (fed by default)
              --policy FILE         PUT this policy document (see /v1/policies) for the replay tenant first
              --sweep               print the frontier over HIGH thresholds on the recorded score
              --thresholds SPEC     the sweep's thresholds, FROM:TO:STEP or a list (5:95:5)
              --hysteresis F        the sweep leaves alerting below threshold x F (default: the policy's leaveHigh/enterHigh)
              --since ISO-8601      the sweep also prints the frontier from this time on (churns before it plus the early
                                    lead left out); default: a week after a model first made a risk change, if one did,
                                    so a learned run is judged where the model scored (pass the same time to a rules run)
              --keep                keep the work directory (logs of both services)""";
    /** Score-history granularity of the replay's scoring: a row whenever the score moves half a point. */
    static final String HISTORY_MIN_MOVE = "0.5";
    /** How far in event time the gap scan may trail the watermark before sending pauses. */
    static final Duration MAX_SCAN_LAG = Duration.ofHours(6);

    /**
     * The options of one run. {@code outcomes}: feed the labels' churns as churned events; {@code policy}: a
     * policy document to PUT first, or null; {@code sweep}: compute the frontier over {@code thresholds}
     * with {@code hysteresis} (null: the policy's).
     */
    public record Options(
            Path events,
            Path labels,
            Path projectDir,
            Duration window,
            Duration earlyLead,
            Instant until,
            int connections,
            int batchSize,
            String gapScanEvery,
            int partitions,
            Duration timeout,
            boolean keep,
            Path changesOut,
            long maxAhead,
            boolean outcomes,
            Path policy,
            boolean sweep,
            List<Double> thresholds,
            Double hysteresis,
            Instant since) {

        public static Options of(Path events, Path labels, Path projectDir) {
            return new Options(
                    events,
                    labels,
                    projectDir,
                    Duration.ofDays(45),
                    Duration.ofDays(7),
                    null,
                    4,
                    500,
                    "1s",
                    6,
                    Duration.ofMinutes(60),
                    false,
                    null,
                    -1,
                    true,
                    null,
                    false,
                    ThresholdSweep.thresholds("5:95:5"),
                    null,
                    null);
        }

        /** These options with the frontier swept and {@code policy} applied (null: none). */
        public Options sweeping(Path policy) {
            return new Options(
                    events,
                    labels,
                    projectDir,
                    window,
                    earlyLead,
                    until,
                    connections,
                    batchSize,
                    gapScanEvery,
                    partitions,
                    timeout,
                    keep,
                    changesOut,
                    maxAhead,
                    outcomes,
                    policy,
                    true,
                    thresholds,
                    hysteresis,
                    since);
        }
    }

    /** The outcome of a run; {@code json} is the last line printed. */
    public record Outcome(WarningEvaluation.Result result, double eventsPerSecond, long gapAlerts, String json) {}

    private ReplayEvaluator() {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() == null ? USAGE : e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        run(o);
        System.exit(0);
    }

    static Options parse(String[] args) {
        Path projectDir = Path.of("").toAbsolutePath();
        List<String> files = new java.util.ArrayList<>();
        Options d = Options.of(null, null, projectDir);
        Duration window = d.window();
        Duration early = d.earlyLead();
        Instant until = null;
        int connections = d.connections();
        int batch = d.batchSize();
        String gapEvery = d.gapScanEvery();
        int partitions = d.partitions();
        Duration timeout = d.timeout();
        boolean keep = false;
        Path changesOut = null;
        long maxAhead = -1;
        boolean outcomes = true;
        Path policy = null;
        boolean sweep = false;
        List<Double> thresholds = d.thresholds();
        Double hysteresis = null;
        Instant since = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--project-dir" -> projectDir = Path.of(args[++i]).toAbsolutePath();
                case "--window-days" -> window = Duration.ofDays(Long.parseLong(args[++i]));
                case "--early-days" -> early = Duration.ofDays(Long.parseLong(args[++i]));
                case "--until" ->
                    until = java.time.OffsetDateTime.parse(args[++i]).toInstant();
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Math.min(500, Integer.parseInt(args[++i]));
                case "--gap-scan-every" -> gapEvery = args[++i];
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--timeout-minutes" -> timeout = Duration.ofMinutes(Long.parseLong(args[++i]));
                case "--keep" -> keep = true;
                case "--max-ahead" -> maxAhead = Long.parseLong(args[++i]);
                case "--alerts-out" -> changesOut = Path.of(args[++i]);
                case "--no-outcomes" -> outcomes = false;
                case "--policy" -> policy = Path.of(args[++i]);
                case "--sweep" -> sweep = true;
                case "--thresholds" -> thresholds = ThresholdSweep.thresholds(args[++i]);
                case "--hysteresis" -> hysteresis = Double.parseDouble(args[++i]);
                case "--since" ->
                    since = java.time.OffsetDateTime.parse(args[++i]).toInstant();
                case "--help", "-h" -> throw new IllegalArgumentException();
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    files.add(args[i]);
                }
            }
        }
        if (files.size() != 2) {
            throw new IllegalArgumentException("need EVENTS.jsonl and LABELS.jsonl");
        }
        if (hysteresis != null && !(hysteresis > 0 && hysteresis <= 1)) {
            throw new IllegalArgumentException("--hysteresis must lie in (0, 1]");
        }
        if (policy != null && !Files.isReadable(policy)) {
            throw new IllegalArgumentException("cannot read the policy file " + policy);
        }
        return new Options(
                Path.of(files.get(0)),
                Path.of(files.get(1)),
                projectDir,
                window,
                early,
                until,
                connections,
                batch,
                gapEvery,
                partitions,
                timeout,
                keep,
                changesOut,
                maxAhead,
                outcomes,
                policy,
                sweep,
                thresholds,
                hysteresis,
                since);
    }

    /**
     * Whether scoring is behind the sender: more than {@code maxAhead} events not yet applied, or the gap scan
     * more than {@link #MAX_SCAN_LAG} of event time behind the watermark.
     */
    private static boolean behind(PipelineProbe probe, long sent, long maxAhead) {
        try {
            return sent - probe.appliedRecords(SCORING_GROUP, Topics.EVENTS) > maxAhead
                    || probe.gapScanLag(TENANT).compareTo(MAX_SCAN_LAG) > 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Outcome run(Options o) throws Exception {
        List<CustomerLabel> labels = ReplayInput.labels(o.labels());
        ReplayInput.Scan scan = ReplayInput.scan(o.events());
        if (scan.events() == 0) {
            throw new IllegalArgumentException(o.events() + " holds no usable event"
                    + (scan.firstProblem() == null ? "" : ": " + scan.firstProblem()));
        }
        say(
                "ChurnWatch replay: %d events (%d lines skipped%s) from %s to %s, %s; %d labelled customers (%d churners)",
                scan.events(),
                scan.skipped(),
                scan.firstProblem() == null ? "" : ", first: " + scan.firstProblem(),
                scan.first(),
                scan.last(),
                scan.sorted() ? "sorted" : "NOT sorted: sorting in memory",
                labels.size(),
                labels.stream().filter(CustomerLabel::churned).count());
        List<ReplayInput.Event> fed = o.outcomes() ? ReplayInput.outcomes(labels, scan.churnedInLog()) : List.of();
        say(
                "outcomes: %s",
                o.outcomes()
                        ? String.format(
                                Locale.ROOT,
                                "%d labelled churns fed as churned events (%d churners tell"
                                        + " their churn in the log already)",
                                fed.size(),
                                scan.churnedInLog().size())
                        : "not fed (--no-outcomes)");
        JsonNode policy = o.policy() == null
                ? null
                : ContractJson.mapper().readTree(o.policy().toFile());
        double hysteresis = o.hysteresis() != null ? o.hysteresis() : policyHysteresis(policy);

        Path dir = Files.createTempDirectory("churnwatch-replay-");
        DevStack stack = new DevStack(dir, FreePorts.next(), FreePorts.next(), FreePorts.next(), o.partitions());
        ServiceProcess ingest = null;
        ServiceProcess scoring = null;
        try {
            long t0 = System.nanoTime();
            stack.start();
            Map<String, String> ingestConfig = new LinkedHashMap<>(stack.serviceConfig());
            ingestConfig.put("churnwatch.admin.token", ADMIN_TOKEN);
            ingestConfig.put("churnwatch.ingest.rate-limit.events-per-second", "100000000");
            ingestConfig.put("churnwatch.ingest.rate-limit.burst", "100000000");
            Map<String, String> scoringConfig = new LinkedHashMap<>(stack.serviceConfig());
            scoringConfig.put("churnwatch.scoring.clock", "event-time");
            scoringConfig.put("churnwatch.scoring.gap-scan.every", o.gapScanEvery());
            scoringConfig.put("churnwatch.scoring.outbox.every", "0.5s");
            scoringConfig.put("churnwatch.scoring.history-min-move", HISTORY_MIN_MOVE);
            // Peers and training follow the replay's event time as closely as the gap scan does.
            scoringConfig.put("churnwatch.scoring.learning.check-every", o.gapScanEvery());
            // BG/NBD refits age customers to the watermark; weekly in event time keeps a years-long replay's refits
            // few.
            scoringConfig.put("churnwatch.scoring.bg-nbd.every", "7d");
            ingest = ServiceProcess.start(
                    "ingest-service",
                    o.projectDir(),
                    ingestConfig,
                    FreePorts.next(),
                    "768m",
                    List.of(),
                    dir.resolve("ingest-service.log"));
            scoring = ServiceProcess.start(
                    "scoring-service",
                    o.projectDir(),
                    scoringConfig,
                    FreePorts.next(),
                    "768m",
                    List.of(),
                    dir.resolve("scoring-service.log"));
            ingest.awaitReady(Duration.ofMinutes(3));
            scoring.awaitReady(Duration.ofMinutes(3));
            say(
                    "stack and services ready in %.1f s (work dir %s; scoring on event time, gap scan every %s)",
                    (System.nanoTime() - t0) / 1e9, dir, o.gapScanEvery());
            String key = IngestBenchmark.createTenantAndKey(
                    ingest.base(), ADMIN_TOKEN, TENANT, "[\"ingest\",\"replay\",\"read\",\"write\"]");
            if (policy != null) {
                say("policy %s applied: %s", o.policy(), putPolicy(scoring.base(), key, policy));
            }

            try (PipelineProbe probe = new PipelineProbe(
                    stack.kafka().bootstrapServers(), stack.postgres().jdbcUrl(), EmbeddedPostgresDatabase.USER)) {
                // Bound the backlog to about six hours of the log's event time (at least 2,500 events), see
                // ReplaySender.
                double spanDays =
                        Math.max(1, Duration.between(scan.first(), scan.last()).toSeconds() / 86_400.0);
                long maxAhead =
                        o.maxAhead() >= 0 ? o.maxAhead() : Math.max(2_500, Math.round(scan.events() / spanDays / 4));
                say("replaying with at most %,d events sent ahead of scoring", maxAhead);
                long started = System.nanoTime();
                ReplaySender.Result sent = new ReplaySender(ingest.base(), key, o.batchSize(), o.connections())
                        .send(
                                ReplayInput.merged(ReplayInput.ordered(o.events(), scan.sorted()), fed),
                                n -> progress(probe, n, started),
                                maxAhead,
                                n -> behind(probe, n, maxAhead));
                say(
                        "ingest: %d events in %.1f s (%.0f events/s): %d accepted, %d duplicates, %d rejected; %d requests, %d retried",
                        sent.events(),
                        sent.seconds(),
                        sent.eventsPerSecond(),
                        sent.accepted(),
                        sent.duplicates(),
                        sent.rejected(),
                        sent.requests(),
                        sent.retries());
                sent.rejections().forEach(r -> say("  rejected: %s", r));

                awaitTrue(
                        o.timeout(),
                        "scoring to apply every event",
                        () -> probe.storedLag(SCORING_GROUP, Topics.EVENTS) == 0,
                        () -> "stored lag " + probe.storedLag(SCORING_GROUP, Topics.EVENTS));
                double seconds = (System.nanoTime() - started) / 1e9;
                double eventsPerSecond = (sent.accepted() + sent.duplicates()) / seconds;
                say(
                        "scoring applied every event %.1f s after the first was sent: %.0f events/s end to end",
                        seconds, eventsPerSecond);
                awaitTrue(
                        Duration.ofSeconds(60),
                        "Kafka-committed lag of " + SCORING_GROUP + " to reach 0",
                        () -> probe.kafkaLag(SCORING_GROUP, Topics.EVENTS) == 0,
                        () -> "lag " + probe.kafkaLag(SCORING_GROUP, Topics.EVENTS));

                Instant end = o.until() != null ? o.until() : scan.last();
                probe.advanceWatermark(TENANT, end);
                awaitTrue(
                        o.timeout(),
                        "the gap scan to reach the end of the log and the outbox to drain",
                        () -> probe.dueCustomers(TENANT) == 0 && probe.unsentOutbox() == 0,
                        () -> "due " + probe.dueCustomers(TENANT) + ", unsent " + probe.unsentOutbox());
                Thread.sleep(period(o.gapScanEvery()).toMillis() + 500);
                awaitTrue(
                        Duration.ofSeconds(60),
                        "the outbox to drain",
                        () -> probe.unsentOutbox() == 0,
                        () -> "unsent " + probe.unsentOutbox());
                say(
                        "watermark %s; score history by cause/level: %s",
                        probe.watermark(TENANT), probe.historyByCauseAndLevel(TENANT));

                List<RiskChange> changes = RiskChangeLog.read(
                        stack.kafka().bootstrapServers(), Topics.RISK_CHANGES, TENANT, Duration.ofMinutes(2));
                List<Alert> alerts = RiskChangeLog.alerts(changes);
                if (o.changesOut() != null) {
                    Files.write(
                            o.changesOut(),
                            changes.stream()
                                    .map(c -> new String(
                                            io.churnwatch.events.ContractSerde.toJson(c),
                                            java.nio.charset.StandardCharsets.UTF_8))
                                    .toList());
                }
                long gapAlerts = RiskChangeLog.gapAlerts(changes);
                WarningEvaluation.Result r = new WarningEvaluation(o.window(), o.earlyLead()).evaluate(labels, alerts);
                say(
                        "risk changes: %d; alerts (into high or critical): %d, of them %d with the usage gap as top factor",
                        changes.size(), alerts.size(), gapAlerts);
                say(
                        "RESULT customers %d, churners %d, alerts counted %d (%d true positives, %d false alarms), churners detected %d",
                        r.customers(),
                        r.churners(),
                        r.alerts(),
                        r.truePositives(),
                        r.falseAlarms(),
                        r.detectedChurners());
                say(
                        "RESULT precision %.3f, recall %.3f, recall7d %.3f, median lead %.1f days (window %d days, early lead %d days)",
                        r.precision(),
                        r.recall(),
                        r.recall7d(),
                        r.medianLeadDays(),
                        o.window().toDays(),
                        o.earlyLead().toDays());
                say(
                        "RESULT throughput %.0f events/s end to end (ingest alone %.0f events/s)",
                        eventsPerSecond, sent.eventsPerSecond());
                String json = String.format(
                        Locale.ROOT,
                        "{\"customers\":%d,\"churners\":%d,\"alerts\":%d,\"precision\":%s,\"recall\":%s,\"recall7d\":%s,"
                                + "\"medianLeadDays\":%s,\"eventsPerSecond\":%.1f,\"events\":%d,\"rejected\":%d,\"truePositives\":%d,"
                                + "\"falseAlarms\":%d,\"detectedChurners\":%d,\"gapAlerts\":%d,\"windowDays\":%d,\"outcomesFed\":%d,"
                                + "\"historyMinMove\":%s%s}",
                        r.customers(),
                        r.churners(),
                        r.alerts(),
                        num(r.precision()),
                        num(r.recall()),
                        num(r.recall7d()),
                        num(r.medianLeadDays()),
                        eventsPerSecond,
                        sent.accepted() + sent.duplicates(),
                        sent.rejected(),
                        r.truePositives(),
                        r.falseAlarms(),
                        r.detectedChurners(),
                        gapAlerts,
                        o.window().toDays(),
                        fed.size(),
                        HISTORY_MIN_MOVE,
                        o.sweep() ? sweep(o, probe, labels, hysteresis, changes) : "");
                System.out.println(json);
                return new Outcome(r, eventsPerSecond, gapAlerts, json);
            }
        } finally {
            // Services before the broker: a group left behind delays the next start.
            if (scoring != null) {
                scoring.close();
            }
            if (ingest != null) {
                ingest.close();
            }
            stack.close();
            if (!o.keep()) {
                deleteQuietly(dir);
            } else {
                say("work dir kept: %s", dir);
            }
        }
    }

    /** Prints the frontier and returns its JSON members ({@code ,"hysteresis":..,"frontier":[..]}). */
    private static String sweep(
            Options o, PipelineProbe probe, List<CustomerLabel> labels, double hysteresis, List<RiskChange> changes)
            throws Exception {
        List<ThresholdSweep.Scored> history = ThresholdSweep.read(probe.db(), TENANT);
        if (o.changesOut() != null) {
            Path out = Path.of(o.changesOut() + ".history.csv");
            Files.write(
                    out,
                    history.stream()
                            .map(h -> h.customerId() + "," + h.at() + "," + h.score())
                            .toList());
            say("score history written to %s", out);
        }
        ThresholdSweep sweep = new ThresholdSweep(o.thresholds(), hysteresis);
        WarningEvaluation evaluation = new WarningEvaluation(o.window(), o.earlyLead());
        List<ThresholdSweep.Point> frontier = sweep.frontier(history, labels, evaluation);
        say(
                "FRONTIER over HIGH thresholds on the score (%,d score-history rows, a row whenever the score moved %s points;"
                        + " leave below threshold x %s):",
                history.size(), HISTORY_MIN_MOVE, num(hysteresis));
        ThresholdSweep.table(frontier).forEach(line -> say("FRONTIER %s", line));
        String json = ",\"hysteresis\":" + num(hysteresis) + ",\"frontier\":" + ThresholdSweep.json(frontier);
        Instant since = o.since() != null
                ? o.since()
                : firstModelChange(changes).map(t -> t.plus(Duration.ofDays(7))).orElse(null);
        if (since != null) {
            List<ThresholdSweep.Point> later = sweep.frontier(
                    ThresholdSweep.since(history, since),
                    ThresholdSweep.since(labels, since, o.earlyLead()),
                    evaluation);
            say(
                    "FRONTIER SINCE %s (%s; alerts before it and churns before it plus %d days left out):",
                    since,
                    o.since() != null ? "--since" : "a week after the first risk change a model made",
                    o.earlyLead().toDays());
            ThresholdSweep.table(later).forEach(line -> say("FRONTIER SINCE %s", line));
            json += ",\"since\":\"" + since + "\",\"frontierSince\":" + ThresholdSweep.json(later);
        }
        return json;
    }

    /** When a learned model (not the rules) first made a risk change. */
    static java.util.Optional<Instant> firstModelChange(List<RiskChange> changes) {
        return changes.stream()
                .filter(c -> c.modelVersion() != null && !"rules".equals(c.modelVersion()))
                .map(RiskChange::eventTime)
                .min(Instant::compareTo);
    }

    /**
     * The sweep's default hysteresis: leaveHigh / enterHigh of the thresholds that set the levels, the policy's learning
     * thresholds when its learned model sets them ({@code learning.setsLevels}), else its tenant default's, else those
     * of the documented defaults.
     */
    static double policyHysteresis(JsonNode policy) {
        JsonNode tenantDefault = policy == null ? null : policy.path("tenantDefault");
        boolean learned = tenantDefault != null
                && tenantDefault.path("learning").path("setsLevels").asBoolean(false);
        JsonNode thresholds = tenantDefault == null
                ? null
                : learned ? tenantDefault.path("learning").path("thresholds") : tenantDefault.path("thresholds");
        if (thresholds != null
                && thresholds.path("enterHigh").isNumber()
                && thresholds.path("leaveHigh").isNumber()
                && thresholds.get("enterHigh").asDouble() > 0) {
            return thresholds.get("leaveHigh").asDouble()
                    / thresholds.get("enterHigh").asDouble();
        }
        LevelThresholds defaults = learned ? LearningPolicy.DEFAULT.thresholds() : LevelThresholds.DEFAULT;
        return defaults.leaveHigh() / defaults.enterHigh();
    }

    /** PUTs the policy document to the scoring service's policy API; returns what it stored. */
    static String putPolicy(URI scoringBase, String key, JsonNode policy) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(scoringBase.resolve("/v1/policies"))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(policy.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalArgumentException(
                    "The policy API refused the policy (" + answer.statusCode() + "): " + answer.body());
        }
        return answer.body();
    }

    private static void progress(PipelineProbe probe, long sent, long started) {
        try {
            say(
                    "  %,d events sent in %.1f s; scoring has %,d still to apply, watermark %s",
                    sent,
                    (System.nanoTime() - started) / 1e9,
                    probe.storedLag(SCORING_GROUP, Topics.EVENTS),
                    probe.watermark(TENANT));
        } catch (Exception e) {
            say("  %,d events sent", sent);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private interface State {
        String describe() throws Exception;
    }

    private static void awaitTrue(Duration timeout, String what, Check check, State state) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Timed out after " + timeout + " waiting for " + what + " (" + state.describe() + ")");
            }
            if (System.nanoTime() > nextReport) {
                say("  waiting for %s: %s", what, state.describe());
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(200);
        }
    }

    /** A Quarkus period such as {@code 1s} or {@code 0.5s}; 2 s when it cannot be read. */
    static Duration period(String every) {
        try {
            return Duration.parse("PT" + every.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return Duration.ofSeconds(2);
        }
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
