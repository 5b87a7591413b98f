package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        LatencyRecorder a = new LatencyRecorder(1000);
        LatencyRecorder b = new LatencyRecorder(1000);
        for (int i = 100; i >= 1; i--) {
            (i % 2 == 0 ? a : b).record(i);
        }
        long[] sorted = LatencyRecorder.mergeSorted(List.of(a, b));
        assertThat(sorted).hasSize(100).startsWith(1, 2, 3).endsWith(99, 100);
        assertThat(LatencyRecorder.percentile(sorted, 50)).isEqualTo(50);
        assertThat(LatencyRecorder.percentile(sorted, 99)).isEqualTo(99);
        assertThat(LatencyRecorder.percentile(sorted, 99.5)).isEqualTo(100);
        assertThat(LatencyRecorder.percentile(sorted, 100)).isEqualTo(100);
        assertThat(LatencyRecorder.percentile(sorted, 0)).isEqualTo(1);
    }

    @Test
    void smallAndEmptySamples() {
        assertThat(LatencyRecorder.percentile(new long[0], 99)).isZero();
        assertThat(LatencyRecorder.percentile(new long[] {7}, 50)).isEqualTo(7);
        assertThat(LatencyRecorder.percentile(new long[] {1, 2, 3}, 50)).isEqualTo(2);
        assertThat(LatencyRecorder.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(2);
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[] {1}, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundedInCount() {
        LatencyRecorder recorder = new LatencyRecorder(3000);
        for (int i = 0; i < 5000; i++) {
            recorder.record(i);
        }
        assertThat(recorder.count()).isEqualTo(3000);
        assertThat(recorder.dropped()).isEqualTo(2000);
        assertThat(LatencyRecorder.millis(2_500_000)).isEqualTo(2.5);
    }

    @Test
    void batchAnswerCountsAndProducerPerformanceSummary() {
        String answer =
                "{\"accepted\":498,\"duplicates\":1,\"rejected\":0,\"notAccepted\":1,\"results\":[{\"status\":\"accepted\"}]}";
        assertThat(RestLoad.count(answer, "accepted")).isEqualTo(498);
        assertThat(RestLoad.count(answer, "duplicates")).isEqualTo(1);
        assertThat(RestLoad.count(answer, "notAccepted")).isEqualTo(1);
        assertThat(RestLoad.count("{}", "accepted")).isZero();
        ProducerPerfRun.Result r = ProducerPerfRun.parse(
                "300000 records sent, 78206.465068 records/sec (21.70 MB/sec), 142.26 ms avg latency, "
                        + "946.00 ms max latency, 73 ms 50th, 491 ms 95th, 579 ms 99th, 630 ms 99.9th.",
                4.0,
                3.0);
        assertThat(r.records()).isEqualTo(300000);
        assertThat(r.recordsPerSecond()).isEqualTo(78206.465068);
        assertThat(r.p50Ms()).isEqualTo(73);
        assertThat(r.p99Ms()).isEqualTo(579);
    }

    @Test
    void prometheusSums() {
        String text = """
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{method="POST",status="202",uri="/v1/events/batch"} 10.0
                http_server_requests_seconds_count{method="POST",status="503",uri="/v1/events/batch"} 2.0
                http_server_requests_seconds_count{method="POST",status="202",uri="/v1/events"} 7.0
                """;
        assertThat(IngestBenchmark.sum(text, "http_server_requests_seconds_count", "uri=\"/v1/events/batch\""))
                .isEqualTo(12.0);
        assertThat(IngestBenchmark.sum(text, "http_server_requests_seconds_count", "uri=\"/v1/events\""))
                .isEqualTo(7.0);
    }
}
