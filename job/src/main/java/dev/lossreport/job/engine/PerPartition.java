package dev.lossreport.job.engine;

import org.apache.spark.util.AccumulatorV2;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the tasks of a stage report to the driver, kept per partition and in partition order. A task
 * that is run again (a retried or speculative attempt, a resubmitted stage) reports its partition
 * again and replaces the earlier entry, so what the driver adds up stays exact where a plain
 * accumulator would add a retried task twice, and is added in the same order on every run.
 */
public abstract class PerPartition<V> extends AccumulatorV2<PerPartition.Entry<V>, Map<Integer, V>> {
    public record Entry<V>(int partition, V value) implements java.io.Serializable {
    }

    private final TreeMap<Integer, V> byPartition = new TreeMap<>();

    /** A new, empty accumulator of the same kind. */
    protected abstract PerPartition<V> empty();

    /** Reports the value of a partition, replacing what an earlier attempt reported. */
    public final void put(int partition, V value) {
        add(new Entry<>(partition, value));
    }

    @Override
    public final boolean isZero() {
        return byPartition.isEmpty();
    }

    @Override
    public final AccumulatorV2<Entry<V>, Map<Integer, V>> copy() {
        PerPartition<V> c = empty();
        c.byPartition.putAll(byPartition);
        return c;
    }

    @Override
    public final void reset() {
        byPartition.clear();
    }

    @Override
    public final void add(Entry<V> e) {
        byPartition.put(e.partition(), e.value());
    }

    @Override
    public final void merge(AccumulatorV2<Entry<V>, Map<Integer, V>> other) {
        byPartition.putAll(other.value());
    }

    /** The values by partition, in partition order. */
    @Override
    public final Map<Integer, V> value() {
        return byPartition;
    }
}
