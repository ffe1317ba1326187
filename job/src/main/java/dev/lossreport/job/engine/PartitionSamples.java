package dev.lossreport.job.engine;

import java.util.ArrayList;
import java.util.List;

/** A few sample lines per partition (rows that could not count); {@link PerPartition}: never duplicated by a retry. */
public final class PartitionSamples extends PerPartition<List<String>> {
    @Override
    protected PerPartition<List<String>> empty() {
        return new PartitionSamples();
    }

    /** Every line, in partition order, so the samples shown are the same on every run. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        value().values().forEach(out::addAll);
        return out;
    }
}
