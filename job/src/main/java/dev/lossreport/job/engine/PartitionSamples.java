package dev.lossreport.job.engine;

import org.apache.spark.util.AccumulatorV2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A few sample lines per partition (rows that could not count). Like {@link PartitionCounts}, a
 * task run again replaces its partition's entry, so retries never duplicate a sample; partitions are
 * kept in order so the samples shown are the same on every run.
 */
public final class PartitionSamples extends AccumulatorV2<PartitionSamples.Entry, Map<Integer, List<String>>> {
    public record Entry(int partition, List<String> lines) implements java.io.Serializable {
    }

    private final TreeMap<Integer, List<String>> byPartition = new TreeMap<>();

    @Override
    public boolean isZero() {
        return byPartition.isEmpty();
    }

    @Override
    public AccumulatorV2<Entry, Map<Integer, List<String>>> copy() {
        PartitionSamples c = new PartitionSamples();
        c.byPartition.putAll(byPartition);
        return c;
    }

    @Override
    public void reset() {
        byPartition.clear();
    }

    @Override
    public void add(Entry e) {
        byPartition.put(e.partition(), e.lines());
    }

    @Override
    public void merge(AccumulatorV2<Entry, Map<Integer, List<String>>> other) {
        byPartition.putAll(other.value());
    }

    @Override
    public Map<Integer, List<String>> value() {
        return byPartition;
    }

    /** Every line, in partition order. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        byPartition.values().forEach(out::addAll);
        return out;
    }
}
