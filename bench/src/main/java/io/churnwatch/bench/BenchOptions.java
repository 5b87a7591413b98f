package io.churnwatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line flags of {@link IngestBenchmark}; {@code --quick} first sets CI-sized defaults. */
public final class BenchOptions {

    Path projectDir = Path.of("").toAbsolutePath();
    long ppRecords = 4_000_000;
    int batchSize = 500;
    int batchConnections = 6;
    int singleConnections = 8;
    Duration warmup = Duration.ofSeconds(10);
    Duration batchDuration = Duration.ofSeconds(30);
    Duration singleWarmup = Duration.ofSeconds(5);
    Duration singleDuration = Duration.ofSeconds(20);
    long maxRequests = 2_000_000;
    int customers = 10_000;
    int partitions = 6;
    String ingestHeap = "1g";
    boolean jfr;
    boolean keep;
    boolean quick;
    boolean noMessageIds;
    double goal = 0.5;
    final Map<String, String> ppProps = new LinkedHashMap<>();

    static final String USAGE = """
            Usage: ingest-bench [--quick] [flags]
              --quick                 CI smoke sizes (about a minute): 300k PP records, 3 s warm-up, 8 s batch, 5 s single
              --pp-records N          ProducerPerformance records (default 4000000, ~20-30 s here)
              --batch-size B          events per batch request (default 500, the API's maximum)
              --connections N         concurrent connections for the batch phase (default 6)
              --single-connections N  concurrent connections for the single-event phase (default 8)
              --warmup S              batch warm-up seconds (default 10)
              --duration S            measured batch seconds (default 30)
              --single-warmup S       single-event warm-up seconds (default 5)
              --single-duration S     measured single-event seconds (default 20)
              --max-requests N        cap on requests per phase (default 2000000)
              --customers N           size of the customer pool (default 10000)
              --ingest-heap SIZE      -Xms/-Xmx of the ingest service (default 1g)
              --pp-prop K=V           extra/overriding ProducerPerformance producer property (repeatable)
              --goal R                target ratio REST batch / ProducerPerformance (default 0.5)
              --jfr                   record a JFR profile of the ingest service (file printed at the end)
              --no-message-ids        send events without messageId: the service skips its PostgreSQL dedupe
                                      (an A/B run measuring the dedupe's cost; verification then counts records only)
              --keep                  keep the temporary directory (logs, data)
              --project-dir DIR       repository root (default: current directory)
            """;

    static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        for (String arg : args) {
            if ("--quick".equals(arg)) {
                o.quick = true;
                o.ppRecords = 300_000;
                o.batchConnections = 4;
                o.singleConnections = 4;
                o.warmup = Duration.ofSeconds(3);
                o.batchDuration = Duration.ofSeconds(8);
                o.singleWarmup = Duration.ofSeconds(2);
                o.singleDuration = Duration.ofSeconds(5);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {}
                case "--jfr" -> o.jfr = true;
                case "--keep" -> o.keep = true;
                case "--no-message-ids" -> o.noMessageIds = true;
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("Unknown flag or missing value: " + arg + "\n" + USAGE);
                    }
                    String v = args[++i];
                    switch (arg) {
                        case "--pp-records" -> o.ppRecords = Long.parseLong(v);
                        case "--batch-size" -> o.batchSize = Integer.parseInt(v);
                        case "--connections" -> o.batchConnections = Integer.parseInt(v);
                        case "--single-connections" -> o.singleConnections = Integer.parseInt(v);
                        case "--warmup" -> o.warmup = seconds(v);
                        case "--duration" -> o.batchDuration = seconds(v);
                        case "--single-warmup" -> o.singleWarmup = seconds(v);
                        case "--single-duration" -> o.singleDuration = seconds(v);
                        case "--max-requests" -> o.maxRequests = Long.parseLong(v);
                        case "--customers" -> o.customers = Integer.parseInt(v);
                        case "--ingest-heap" -> o.ingestHeap = v;
                        case "--goal" -> o.goal = Double.parseDouble(v);
                        case "--project-dir" -> o.projectDir = Path.of(v).toAbsolutePath();
                        case "--pp-prop" -> {
                            int eq = v.indexOf('=');
                            if (eq <= 0) {
                                throw new IllegalArgumentException("--pp-prop needs KEY=VALUE: " + v);
                            }
                            o.ppProps.put(v.substring(0, eq), v.substring(eq + 1));
                        }
                        default -> throw new IllegalArgumentException("Unknown flag " + arg + "\n" + USAGE);
                    }
                }
            }
        }
        if (o.batchSize < 1 || o.batchSize > 500) {
            throw new IllegalArgumentException("--batch-size must be 1..500");
        }
        return o;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
