package dev.lossreport.job.engine;

import org.apache.spark.util.AccumulatorV2;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts of the pass, kept per partition. A task that is run again (a retried or
 * speculative attempt, a resubmitted stage) reports the same partition again and replaces the
 * earlier entry, so the totals stay exact where a plain counter would count twice.
 */
public final class PartitionCounts extends AccumulatorV2<PartitionCounts.Entry, Map<Integer, long[]>> {
    /** Slots of the input counts. */
    public static final int ROWS = 0;
    public static final int MATCHED = 1;
    public static final int PREDICTION_ONLY = 2;
    public static final int LABELS_ONLY = 3;
    /** Slice rows that stage one passed through to the merge instead of aggregating (one per row and slicing). */
    public static final int PASSED_THROUGH = 4;
    static final int INPUT_WIDTH = 5;

    private final int width;

    public record Entry(int partition, long[] counts) implements java.io.Serializable {
    }

    private final HashMap<Integer, long[]> byPartition = new HashMap<>();

    public PartitionCounts(int width) {
        this.width = width;
    }

    @Override
    public boolean isZero() {
        return byPartition.isEmpty();
    }

    @Override
    public AccumulatorV2<Entry, Map<Integer, long[]>> copy() {
        PartitionCounts c = new PartitionCounts(width);
        c.byPartition.putAll(byPartition);
        return c;
    }

    @Override
    public void reset() {
        byPartition.clear();
    }

    @Override
    public void add(Entry e) {
        byPartition.put(e.partition(), e.counts());
    }

    @Override
    public void merge(AccumulatorV2<Entry, Map<Integer, long[]>> other) {
        byPartition.putAll(other.value());
    }

    @Override
    public Map<Integer, long[]> value() {
        return byPartition;
    }

    /** The totals over all partitions. */
    public long[] totals() {
        long[] t = new long[width];
        for (long[] c : byPartition.values()) {
            for (int i = 0; i < width; i++) {
                t[i] += c[i];
            }
        }
        return t;
    }
}
