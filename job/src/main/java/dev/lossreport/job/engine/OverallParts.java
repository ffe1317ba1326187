package dev.lossreport.job.engine;

import dev.lossreport.loss.LossSet;

/**
 * Each merge task's part of the overall slice ({@link MergeAggregation}): a lean block followed by a
 * cold state, per partition ({@link PerPartition}: a retried task replaces its part, never adds it twice).
 */
final class OverallParts extends PerPartition<double[]> {
    @Override
    protected PerPartition<double[]> empty() {
        return new OverallParts();
    }

    /** The overall slice's state: the parts merged in partition order, so the same on every run. */
    double[] sum(LossSet losses) {
        int lean = losses.leanWidth();
        double[] sum = new double[lean + losses.width()];
        for (double[] part : value().values()) {
            losses.mergeLean(sum, 0, part, 0);
            losses.merge(sum, lean, part, lean);
        }
        return sum;
    }
}
