package io.churnwatch.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.LongStream;

/**
 * Gives HTTP request timers a fixed set of latency buckets, so Prometheus can compute p50 and p99
 * per service and route with few series.
 */
public class LatencyHistograms {

    private static final double[] BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    @Produces
    @Singleton
    MeterFilter httpRequestBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("http.server.requests")) {
                    return config;
                }
                double[] nanos = LongStream.range(0, BUCKETS_MS.length)
                        .mapToDouble(i ->
                                Duration.ofMillis((long) BUCKETS_MS[(int) i]).toNanos())
                        .toArray();
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(nanos)
                        .build()
                        .merge(config);
            }
        };
    }
}
