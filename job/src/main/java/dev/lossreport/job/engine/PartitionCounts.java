package dev.lossreport.job.engine;

/** Counts of the pass, kept per partition ({@link PerPartition}: exact under retries). */
public final class PartitionCounts extends PerPartition<long[]> {
    /** Slots of the input counts. */
    public static final int ROWS = 0;
    public static final int MATCHED = 1;
    public static final int PREDICTION_ONLY = 2;
    public static final int LABELS_ONLY = 3;
    /** Slice rows that stage one passed through to the merge instead of aggregating (one per row and slicing). */
    public static final int PASSED_THROUGH = 4;
    static final int INPUT_WIDTH = 5;

    private final int width;

    public PartitionCounts(int width) {
        this.width = width;
    }

    @Override
    protected PerPartition<long[]> empty() {
        return new PartitionCounts(width);
    }

    /** The totals over all partitions. */
    public long[] totals() {
        long[] t = new long[width];
        for (long[] c : value().values()) {
            for (int i = 0; i < width; i++) {
                t[i] += c[i];
            }
        }
        return t;
    }
}
