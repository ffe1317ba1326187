package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Params;

import java.io.Serializable;

/**
 * The domain of categorical losses on a probability (or logit) array of K classes with a class index or
 * a label array of length K, and the label of class k, shared by {@code cce} and {@code categorical_focal}.
 */
final class Categorical {
    private Categorical() {
    }

    static boolean inDomain(Example x, boolean fromLogits, boolean normalizeRows, double tolerance) {
        int n = x.predictionLength;
        if (n <= 0) {
            return false;
        }
        boolean labelOk = x.labelIsVector ? Probabilities.isLabelVector(x.labels, x.labelLength, n) : x.classIndex(n) >= 0;
        if (!labelOk) {
            return false;
        }
        if (fromLogits) {
            for (int k = 0; k < n; k++) {
                if (Double.isNaN(x.predictions[k])) {
                    return false;
                }
            }
            return LogSoftmax.max(x.predictions, n) > Double.NEGATIVE_INFINITY;
        }
        return Probabilities.isDistribution(x.predictions, n, normalizeRows, tolerance);
    }

    /** The label of class k: the array entry, or 1 for the class index c and 0 otherwise. */
    static double label(Example x, int k, int c) {
        return x.labelIsVector ? x.labels[k] : (k == c ? 1.0 : 0.0);
    }

    /**
     * The cross-entropy options {@code cce} and {@code categorical_focal} share (eps, from_logits,
     * label_smoothing, normalize_rows, sum_tolerance), and what they mean for a row.
     */
    static final class Options implements Serializable {
        final double eps;
        final boolean fromLogits;
        final double smoothing;
        final boolean normalizeRows;
        final double tolerance;

        Options(Params params) {
            this.eps = params.real("eps");
            this.fromLogits = params.bool("from_logits");
            this.smoothing = params.real("label_smoothing");
            this.normalizeRows = params.bool("normalize_rows");
            this.tolerance = params.real("sum_tolerance");
        }

        boolean inDomain(Example x) {
            return Categorical.inDomain(x, fromLogits, normalizeRows, tolerance);
        }

        /** The row's log-softmax when p holds logits, else null. */
        LogSoftmax logs(Example x) {
            return fromLogits ? LogSoftmax.of(x.predictions, x.predictionLength) : null;
        }

        /** What a probability row is divided by: its sum when rows are normalized, else 1. */
        double scale(Example x) {
            return !fromLogits && normalizeRows ? Probabilities.sum(x.predictions, x.predictionLength) : 1.0;
        }

        /** q_k of a probability row: p_k / scale clipped to [eps, 1 - eps]. */
        double q(Example x, int k, double scale) {
            return Probabilities.clip(x.predictions[k] / scale, eps);
        }

        /** The label of class k (c: the class index, or -1 for a label array), smoothed: y (1 - s) + s / K. */
        double label(Example x, int k, int c) {
            double y = Categorical.label(x, k, c);
            return smoothing != 0 ? y * (1 - smoothing) + smoothing / x.predictionLength : y;
        }
    }
}
