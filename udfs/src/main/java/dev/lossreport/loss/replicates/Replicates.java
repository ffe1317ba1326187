package dev.lossreport.loss.replicates;

import dev.lossreport.loss.EntityRows;
import dev.lossreport.loss.Sums;

import java.util.Arrays;

/**
 * One example as the bias and variance decomposition sees it: its label y and the predictions
 * p_1..p_m of its m replicates (bootstrap rounds, models), built once per example from its rows.
 *
 * <p>The example counts when it has at least one prediction, every prediction is finite, and its
 * rows carry one label: every present label is finite and they are all equal (rows of a labels table
 * joined on the example key, or the same label repeated on each replicate's row).
 */
public final class Replicates {
    private static final Replicates INVALID = new Replicates(false, Double.NaN, new double[0]);

    private final boolean valid;
    private final double label;
    private final double[] predictions;

    private Replicates(boolean valid, double label, double[] predictions) {
        this.valid = valid;
        this.label = label;
        this.predictions = predictions;
    }

    public static Replicates of(EntityRows rows) {
        double[] p = new double[rows.size()];
        int m = 0;
        double y = Double.NaN;
        boolean labelled = false;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.hasLabel(i)) {
                double l = rows.label(i);
                if (!Double.isFinite(l) || (labelled && l != y)) {
                    return INVALID;
                }
                y = l;
                labelled = true;
            }
            if (rows.hasPrediction(i)) {
                double v = rows.prediction(i);
                if (!Double.isFinite(v)) {
                    return INVALID;
                }
                p[m++] = v + 0.0; // -0.0 and 0.0 are one class
            }
        }
        return labelled && m > 0 ? new Replicates(true, y + 0.0, Arrays.copyOf(p, m)) : INVALID;
    }

    public boolean valid() {
        return valid;
    }

    public double label() {
        return label;
    }

    public int count() {
        return predictions.length;
    }

    public double prediction(int r) {
        return predictions[r];
    }

    /** The main prediction of the squared loss: the mean of the replicates. */
    public double mean() {
        double[] s = new double[2];
        for (double v : predictions) {
            Sums.add(s, 0, v);
        }
        return Sums.value(s, 0) / predictions.length;
    }

    /** The main prediction of the 0-1 loss: the most frequent prediction, ties to the smallest (numpy's argmax of bincount). */
    public double mode() {
        double[] sorted = predictions.clone();
        Arrays.sort(sorted);
        double best = sorted[0];
        int bestRun = 0;
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > bestRun) {
                bestRun = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }

    /** The mean over the replicates of f(p_r). */
    public double meanOf(java.util.function.DoubleUnaryOperator f) {
        double[] s = new double[2];
        for (double v : predictions) {
            Sums.add(s, 0, f.applyAsDouble(v));
        }
        return Sums.value(s, 0) / predictions.length;
    }
}
