package io.churnwatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic but behaviour-rich customer log for the replay evaluator: EVENTS.jsonl (v1 contract,
 * sorted by timestamp) and LABELS.jsonl (what each customer really did), from one of several
 * {@link World worlds}. The default world, {@code mixed}, has five behaviours: steady users,
 * fading users (engagement and likes drop, unsubscribes, downgrades, then silence), complainers
 * (complaints, tickets, low NPS; most leave, some are won over), seasonal users (bursts a few days a
 * month, never leaving) and silent leavers (steady, then nothing). A leaver's churnedAt is their last
 * activity plus the DOMAIN's 15 silent days, or an explicit {@code churned} event; fixed-term customers
 * stop at their observedUntil and do not churn. Deterministic for a seed and an end date.
 *
 * The other worlds are described in {@link World}.
 *
 * <p>Usage: {@code bench/generate-log --customers N --days D --seed S --out DIR [--end YYYY-MM-DD] [--world NAME]}
 * (default end: 30 days before today, UTC; default world: mixed).
 */
public final class LogGenerator {

    /** How a customer behaves over the log. */
    public enum Behaviour {
        STEADY,
        FADING,
        COMPLAINER,
        SEASONAL,
        SILENT_LEAVER
    }

    /** The DOMAIN's rule: 15 days without use means the customer is gone. */
    public static final Duration SILENCE_MEANS_GONE = Duration.ofDays(15);

    private static final long DAY = 86_400L;
    private static final Behaviour[] BEHAVIOURS = Behaviour.values();
    /** Share of each behaviour in per mille, in the order of {@link Behaviour}. */
    private static final int[] SHARES = {370, 170, 180, 130, 150};

    private static final String[] FEATURES = {
        "reports", "dashboard", "exports", "alerts", "billing", "integrations", "api", "search"
    };
    private static final String[] CLIENTS = {"web", "ios", "android", "api"};
    private static final String[] OWNERS = {
        "ana@cs.example", "ben@cs.example", "chen@cs.example", "dara@cs.example", "eli@cs.example"
    };
    private static final String[] COMPLAINTS = {
        "Invoices are wrong again",
        "Export keeps timing out",
        "Too slow since the update",
        "Missing data in last week's report",
        "Support never answered my ticket",
        "Your competitor offers this for half the price"
    };

    static final String USAGE = "usage: bench/generate-log --customers N --days D --seed S --out DIR [--end YYYY-MM-DD]"
            + " [--world mixed|daily-b2c|weekly-b2b|monthly-billing|seasonal]";

    /**
     * What one customer really did; churnedAt and observedUntil may be null. {@code profile} names how the
     * customer behaved in its world (in the mixed world, a {@link Behaviour} in lower case).
     */
    public record Label(String customerId, String profile, boolean churned, Instant churnedAt, Instant observedUntil) {

        /** The mixed world's behaviour of this customer. */
        public Behaviour behaviour() {
            return Behaviour.valueOf(profile.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The generated log, events sorted by time. */
    public record Log(List<String> events, List<Label> labels, Instant start, Instant end) {

        public Map<String, Integer> profileCounts() {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            labels.forEach(l -> counts.merge(l.profile(), 1, Integer::sum));
            return counts;
        }

        /** Customers per behaviour, for the mixed world only. */
        public Map<Behaviour, Integer> behaviourCounts() {
            Map<Behaviour, Integer> counts = new EnumMap<>(Behaviour.class);
            labels.forEach(l -> counts.merge(l.behaviour(), 1, Integer::sum));
            return counts;
        }
    }

    record Timed(long epochSecond, String json) {}

    private final int customers;
    private final int days;
    private final long seed;
    private final Instant end;
    private final World world;

    public LogGenerator(int customers, int days, long seed, LocalDate endDate) {
        this(customers, days, seed, endDate, World.MIXED);
    }

    public LogGenerator(int customers, int days, long seed, LocalDate endDate, World world) {
        if (days < 60) {
            throw new IllegalArgumentException(
                    "--days must be at least 60 (leavers need time to fade and 15 silent days)");
        }
        this.customers = customers;
        this.days = days;
        this.seed = seed;
        this.end = endDate.atStartOfDay(ZoneOffset.UTC).toInstant();
        this.world = world;
    }

    public static void main(String[] args) throws IOException {
        int customers = 1000;
        int days = 180;
        long seed = 1;
        Path out = Path.of(".");
        LocalDate endDate = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        World world = World.MIXED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--end" -> endDate = LocalDate.parse(args[++i]);
                case "--world" -> world = World.of(args[++i]);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        Log log = new LogGenerator(customers, days, seed, endDate, world).generate();
        write(log, out);
        long churners = log.labels().stream().filter(Label::churned).count();
        System.out.printf(
                "%s world: %d events, %d customers (%d churners) from %s to %s: %s%n",
                world.cliName(),
                log.events().size(),
                log.labels().size(),
                churners,
                log.start(),
                log.end(),
                log.profileCounts());
        System.out.println("wrote " + out.resolve("EVENTS.jsonl") + " and " + out.resolve("LABELS.jsonl"));
    }

    /** Writes EVENTS.jsonl and LABELS.jsonl into {@code dir}. */
    public static void write(Log log, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("EVENTS.jsonl"), StandardCharsets.UTF_8)) {
            for (String event : log.events()) {
                w.write(event);
                w.newLine();
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("LABELS.jsonl"), StandardCharsets.UTF_8)) {
            for (Label l : log.labels()) {
                w.write("{\"customerId\":\"" + l.customerId() + "\",\"churned\":" + l.churned() + ",\"churnedAt\":"
                        + quoted(l.churnedAt()) + ",\"observedUntil\":" + quoted(l.observedUntil())
                        + ",\"behaviour\":\""
                        + l.profile() + "\"}");
                w.newLine();
            }
        }
    }

    private static String quoted(Instant t) {
        return t == null ? "null" : "\"" + t + "\"";
    }

    public Log generate() {
        Instant start = end.minus(Duration.ofDays(days));
        List<Timed> events = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (int c = 0; c < customers; c++) {
            SplittableRandom random = root.split();
            String id = String.format("c%05d", c);
            labels.add(
                    world.model() == null
                            ? new Customer(id, pickBehaviour(random), random, start, events).simulate()
                            : world.model()
                                    .simulate(new SimCustomer(
                                            id,
                                            random,
                                            start.getEpochSecond() / DAY,
                                            end.getEpochSecond() / DAY,
                                            seed,
                                            events)));
        }
        events.sort(Comparator.comparingLong(Timed::epochSecond).thenComparing(Timed::json));
        return new Log(events.stream().map(Timed::json).toList(), labels, start, end);
    }

    private static Behaviour pickBehaviour(SplittableRandom random) {
        int roll = random.nextInt(1000);
        for (int i = 0; i < SHARES.length; i++) {
            roll -= SHARES[i];
            if (roll < 0) {
                return BEHAVIOURS[i];
            }
        }
        return Behaviour.STEADY;
    }

    /** One customer's simulation, day by day. */
    private final class Customer {
        private final String id;
        private final Behaviour behaviour;
        private final SplittableRandom random;
        private final List<Timed> out;
        private final long startDay;
        private final long endDay;
        private final double baseRate;
        private int sequence;
        private long lastActivity = -1;

        Customer(String id, Behaviour behaviour, SplittableRandom random, Instant logStart, List<Timed> out) {
            this.id = id;
            this.behaviour = behaviour;
            this.random = random;
            this.out = out;
            long logStartDay = logStart.getEpochSecond() / DAY;
            // One in ten signs up during the first half of the log; the rest are customers already.
            this.startDay = random.nextInt(10) == 0 ? logStartDay + random.nextInt(days / 2) : logStartDay;
            this.endDay = end.getEpochSecond() / DAY;
            // Daily users (0.55-0.95 of days) and a third of lighter users (2-4 days a week).
            this.baseRate =
                    random.nextInt(3) == 0 ? 0.3 + 0.25 * random.nextDouble() : 0.55 + 0.4 * random.nextDouble();
        }

        Label simulate() {
            identify();
            long remaining = endDay - startDay;
            return switch (behaviour) {
                case STEADY -> steady(remaining);
                case SEASONAL -> seasonal(remaining);
                case SILENT_LEAVER -> silentLeaver(remaining);
                case FADING -> fading(remaining);
                case COMPLAINER -> complainer(remaining);
            };
        }

        private Label steady(long remaining) {
            // Some customers are on a fixed term that ends inside the log: silence after it is expected.
            long stop = random.nextInt(6) == 0
                    ? startDay + remaining / 3 + random.nextInt((int) Math.max(1, remaining / 2))
                    : endDay;
            for (long d = startDay; d < stop; d++) {
                if (chance(baseRate)) {
                    activeDay(d, 0.15, false);
                }
                background(d);
            }
            return new Label(id, name(), false, null, stop < endDay ? Instant.ofEpochSecond(stop * DAY) : null);
        }

        private Label seasonal(long remaining) {
            int period = 26 + random.nextInt(10);
            int active = 4 + random.nextInt(6);
            int phase = random.nextInt(period);
            for (long d = startDay; d < endDay; d++) {
                if ((d + phase) % period < active && chance(0.85)) {
                    activeDay(d, 0.1, false);
                }
                background(d);
            }
            return new Label(id, name(), false, null, null);
        }

        private Label silentLeaver(long remaining) {
            long stop = leaveDay(remaining, 0);
            for (long d = startDay; d < stop; d++) {
                if (chance(baseRate)) {
                    activeDay(d, 0.15, false);
                }
                background(d);
            }
            return churn(false);
        }

        private Label fading(long remaining) {
            int fade = 20 + random.nextInt(30);
            long fadeStart = leaveDay(remaining, fade);
            boolean unsubscribes = random.nextInt(10) < 7;
            boolean downgrades = random.nextInt(10) < 4;
            long unsubscribeDay = fadeStart + random.nextInt(Math.max(1, fade / 2));
            long downgradeDay = fadeStart + fade / 3 + random.nextInt(Math.max(1, fade / 2));
            for (long d = startDay; d < fadeStart + fade; d++) {
                boolean fadingNow = d >= fadeStart;
                double left = fadingNow ? 1.0 - (double) (d - fadeStart) / fade : 1.0;
                if (chance(baseRate * Math.pow(left, 1.5))) {
                    activeDay(d, fadingNow ? 0.01 : 0.15, false);
                }
                if (fadingNow && unsubscribes && d == unsubscribeDay) {
                    emit(d, "unsubscribe", "{\"list\":\"" + (chance(0.5) ? "newsletter" : "product-updates") + "\"}");
                }
                if (fadingNow && downgrades && d == downgradeDay) {
                    emit(d, "downgrade", "{\"from\":\"pro\",\"to\":\"starter\"}");
                }
                if (fadingNow && chance(0.03)) {
                    emit(d, "nps", "{\"score\":" + random.nextInt(7) + "}");
                }
                if (!fadingNow) {
                    background(d);
                }
            }
            return churn(random.nextInt(10) < 3);
        }

        private Label complainer(long remaining) {
            boolean leaves = random.nextInt(10) < 6;
            int trouble = 10 + random.nextInt(20);
            int drop = 5 + random.nextInt(12);
            long troubleStart = leaves
                    ? leaveDay(remaining, trouble + drop)
                    : startDay + 10 + random.nextInt((int) Math.max(1, remaining - trouble - 20));
            long stop = leaves ? troubleStart + trouble + drop : endDay;
            for (long d = startDay; d < stop; d++) {
                boolean inTrouble = d >= troubleStart && d < troubleStart + trouble;
                boolean dropping = leaves && d >= troubleStart + trouble;
                double rate = dropping ? baseRate * (1.0 - (double) (d - troubleStart - trouble) / drop) : baseRate;
                if (chance(rate)) {
                    activeDay(d, inTrouble || dropping ? 0.03 : 0.15, inTrouble);
                }
                if (inTrouble) {
                    if (chance(0.18)) {
                        emit(
                                d,
                                "complaint",
                                "{\"channel\":\"email\",\"text\":\"" + COMPLAINTS[random.nextInt(COMPLAINTS.length)]
                                        + "\"}");
                    }
                    if (chance(0.2)) {
                        emit(
                                d,
                                "support_ticket",
                                "{\"ticketId\":\"T-" + (10_000 + random.nextInt(90_000)) + "\",\"priority\":\""
                                        + (chance(0.4) ? "high" : "normal") + "\"}");
                    }
                    if (chance(0.06)) {
                        emit(d, "nps", "{\"score\":" + random.nextInt(5) + "}");
                    }
                    if (chance(0.04)) {
                        emit(d, "dislike", "{\"item\":\"post-" + random.nextInt(100) + "\"}");
                    }
                } else if (!leaves && d >= troubleStart + trouble && d < troubleStart + trouble + 3 && chance(0.4)) {
                    emit(d, "nps", "{\"score\":" + (7 + random.nextInt(3)) + "}");
                }
                if (dropping && d == troubleStart + trouble + drop / 2) {
                    if (chance(0.5)) {
                        emit(d, "payment_failed", "{\"reason\":\"card_declined\",\"attempt\":1}");
                    } else {
                        emit(d, "downgrade", "{\"from\":\"pro\",\"to\":\"team\"}");
                    }
                }
                if (!inTrouble && !dropping) {
                    background(d);
                }
            }
            return leaves ? churn(random.nextInt(10) < 4) : new Label(id, name(), false, null, null);
        }

        /** A day on which a leaver's last phase (of {@code phaseDays}) starts, so that churn falls inside the log. */
        private long leaveDay(long remaining, int phaseDays) {
            long latest = endDay - SILENCE_MEANS_GONE.toDays() - phaseDays - 1;
            long earliest = Math.min(latest, startDay + 20);
            return earliest + random.nextInt((int) Math.max(1, latest - earliest));
        }

        /** The churn label after the last activity; with {@code explicit}, a churned event marks it. */
        private Label churn(boolean explicit) {
            long last = lastActivity < 0 ? startDay * DAY : lastActivity;
            Instant churnedAt = Instant.ofEpochSecond(last).plus(SILENCE_MEANS_GONE);
            if (explicit) {
                churnedAt = Instant.ofEpochSecond(last + DAY * (3 + random.nextInt(10)));
                emitAt(
                        churnedAt.getEpochSecond(),
                        "churned",
                        "{\"reason\":\"" + (behaviour == Behaviour.COMPLAINER ? "service" : "price") + "\"}");
            }
            return new Label(id, name(), true, churnedAt, null);
        }

        private String name() {
            return behaviour.name().toLowerCase(java.util.Locale.ROOT);
        }

        private void identify() {
            String segment = switch (random.nextInt(10)) {
                case 0, 1 -> "enterprise";
                case 2, 3, 4 -> "mid-market";
                default -> "smb";
            };
            int mrr = switch (segment) {
                case "enterprise" -> 2000 + random.nextInt(8000);
                case "mid-market" -> 300 + random.nextInt(1700);
                default -> 20 + random.nextInt(280);
            };
            LocalDate signup = LocalDate.ofEpochDay(
                    startDay - (startDay == end.getEpochSecond() / DAY - days ? 30 + random.nextInt(900) : 0));
            String traits = "{\"mrr\":" + mrr + ",\"currency\":\"EUR\",\"segment\":\"" + segment + "\",\"owner\":\""
                    + OWNERS[random.nextInt(OWNERS.length)] + "\",\"signupDate\":\"" + signup + "\",\"plan\":\""
                    + (segment.equals("smb") ? "starter" : "pro") + "\"}";
            long at = startDay * DAY + 6 * 3600 + random.nextInt(3600);
            out.add(new Timed(
                    at,
                    "{\"messageId\":\"" + messageId() + "\",\"customerId\":\"" + id
                            + "\",\"type\":\"identify\",\"timestamp\":\"" + Instant.ofEpochSecond(at)
                            + "\",\"properties\":{},\"traits\":" + traits + "}"));
        }

        /** One active day: 1 to 4 usage or login events, sometimes a like (or, in trouble, errors). */
        private void activeDay(long day, double likeChance, boolean inTrouble) {
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (chance(0.3)) {
                    emit(
                            day,
                            "login",
                            "{\"method\":\"" + (chance(0.25) ? "sso" : "password") + "\",\"client\":\""
                                    + CLIENTS[random.nextInt(CLIENTS.length)] + "\"}");
                } else {
                    emit(
                            day,
                            "usage",
                            "{\"feature\":\"" + FEATURES[random.nextInt(FEATURES.length)] + "\",\"durationSec\":"
                                    + (5 + random.nextInt(1800)) + "}");
                }
            }
            if (chance(likeChance)) {
                emit(day, "like", "{\"item\":\"post-" + random.nextInt(100) + "\"}");
            }
            if (chance(inTrouble ? 0.3 : 0.02)) {
                emit(
                        day,
                        "error",
                        "{\"code\":\"E" + (500 + random.nextInt(4)) + "\",\"feature\":\""
                                + FEATURES[random.nextInt(FEATURES.length)] + "\"}");
            }
        }

        /** What happens to everybody now and then: an occasional ticket, a happy NPS answer, a purchase, the monthly payment. */
        private void background(long day) {
            if (chance(0.006)) {
                emit(
                        day,
                        "support_ticket",
                        "{\"ticketId\":\"T-" + (10_000 + random.nextInt(90_000)) + "\",\"priority\":\"normal\"}");
            }
            if (chance(0.012)) {
                emit(day, "nps", "{\"score\":" + (7 + random.nextInt(4)) + "}");
            }
            if (chance(0.01)) {
                emit(day, "purchase", "{\"amount\":" + (10 + random.nextInt(400)) + ".00,\"currency\":\"EUR\"}");
            }
            if ((day - startDay) % 30 == 29) {
                emit(day, "payment_succeeded", "{\"amount\":100.00,\"currency\":\"EUR\"}");
            }
        }

        private void emit(long day, String type, String properties) {
            emitAt(day * DAY + 7 * 3600 + random.nextInt(14 * 3600), type, properties);
        }

        private void emitAt(long epochSecond, String type, String properties) {
            if (type.equals("usage") || type.equals("login") || type.equals("purchase")) {
                lastActivity = Math.max(lastActivity, epochSecond);
            }
            out.add(new Timed(
                    epochSecond,
                    "{\"messageId\":\"" + messageId() + "\",\"customerId\":\"" + id + "\",\"type\":\"" + type
                            + "\",\"timestamp\":\"" + Instant.ofEpochSecond(epochSecond) + "\",\"properties\":"
                            + properties + "}"));
        }

        private String messageId() {
            return "g" + seed + "-" + id + "-" + sequence++;
        }

        private boolean chance(double p) {
            return random.nextDouble() < p;
        }
    }
}
