package io.churnwatch.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Request latencies in nanoseconds, kept exactly in a bounded array (no HdrHistogram: a phase of
 * this benchmark has at most a few hundred thousand requests, so keeping every sample and sorting
 * once is exact, small and needs no dependency). One recorder per thread; merge at the end.
 */
public final class LatencyRecorder {

    private long[] samples;
    private int size;
    private final int capacity;
    private long dropped;

    public LatencyRecorder(int capacity) {
        this.capacity = capacity;
        this.samples = new long[Math.min(capacity, 1024)];
    }

    /** Records one latency; past the capacity samples are counted as dropped, not kept. */
    public void record(long nanos) {
        if (size == samples.length) {
            if (size >= capacity) {
                dropped++;
                return;
            }
            samples = Arrays.copyOf(samples, (int) Math.min(capacity, (long) samples.length * 2));
        }
        samples[size++] = nanos;
    }

    public int count() {
        return size;
    }

    public long dropped() {
        return dropped;
    }

    /** All samples of several recorders, sorted ascending. */
    public static long[] mergeSorted(List<LatencyRecorder> recorders) {
        int total = recorders.stream().mapToInt(LatencyRecorder::count).sum();
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.samples, 0, all, at, recorder.size);
            at += recorder.size;
        }
        Arrays.sort(all);
        return all;
    }

    /**
     * The nearest-rank percentile of sorted samples: the smallest sample such that at least
     * {@code percentile}% of the samples are at or below it. NaN-free: 0 for no samples.
     */
    public static long percentile(long[] sorted, double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100]: " + percentile);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
