package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;

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
}
