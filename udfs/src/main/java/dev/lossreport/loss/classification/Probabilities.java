package dev.lossreport.loss.classification;

import dev.lossreport.loss.Param;

/** Shared rules for probabilities (conventions.md, "Probabilities"). */
final class Probabilities {
    private Probabilities() {
    }

    static final Param EPS = Param.real("eps", 1e-15,
            "probabilities are clipped to [eps, 1 - eps]; 0 means no clipping (Spark MLlib's 1e-15 by default)",
            e -> e >= 0 && e < 0.5, "a number in [0, 0.5)");
    static final Param FROM_LOGITS = Param.bool("from_logits", false,
            "the prediction holds logits; computed in a numerically stable form").hiddenWhenDefault();
    static final Param LABEL_SMOOTHING = Param.real("label_smoothing", 0.0,
            "labels are moved towards uniform: y*(1-s) + s/K (K = 2 for binary)",
            s -> s >= 0 && s <= 1, "a number in [0, 1]").hiddenWhenDefault();
    static final Param NORMALIZE_ROWS = Param.bool("normalize_rows", false,
            "divide each probability row by its sum (Keras, older scikit-learn); by default rows are not renormalized")
            .hiddenWhenDefault();
    static final Param SUM_TOLERANCE = Param.real("sum_tolerance", 1e-5,
            "a probability row whose sum differs from 1 by more than this does not count (unless normalize_rows)",
            t -> t >= 0, "a number >= 0").hiddenWhenDefault();

    static boolean isProbability(double p) {
        return p >= 0 && p <= 1;
    }

    static double clip(double p, double eps) {
        return p < eps ? eps : (p > 1 - eps ? 1 - eps : p);
    }

    /** Every entry in [0, 1], and the row sums to 1 within the tolerance (or to something > 0 when rows are renormalized). */
    static boolean isDistribution(double[] p, int n, boolean normalizeRows, double tolerance) {
        if (n <= 0) {
            return false;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!isProbability(p[i])) {
                return false;
            }
            sum += p[i];
        }
        return normalizeRows ? sum > 0 : Math.abs(sum - 1) <= tolerance;
    }

    static double sum(double[] p, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += p[i];
        }
        return sum;
    }

    /** A label vector of n entries in [0, 1] (one-hot or soft). */
    static boolean isLabelVector(double[] y, int length, int n) {
        if (length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!isProbability(y[i])) {
                return false;
            }
        }
        return true;
    }
}
