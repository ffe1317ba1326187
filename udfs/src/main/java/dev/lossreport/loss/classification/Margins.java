package dev.lossreport.loss.classification;

import dev.lossreport.loss.Param;

/** Binary labels as signs for margin losses (hinge, squared hinge). */
final class Margins {
    private Margins() {
    }

    static final Param POS_LABEL = Param.optionalReal("pos_label",
            "labels equal to this are +1 and all others -1; unset: 1 is +1, and 0 or -1 are -1");

    /**
     * The label as +1 or -1: with pos_label set, +1 when y equals it and -1 for any other finite y;
     * otherwise 1 is +1, 0 and -1 are -1 (both common encodings), and anything else (a 0.5 tie) is NaN,
     * outside the domain.
     */
    static double sign(double y, Double posLabel) {
        if (posLabel != null) {
            return Double.isFinite(y) ? (y == posLabel ? 1.0 : -1.0) : Double.NaN;
        }
        if (y == 1) {
            return 1.0;
        }
        return y == 0 || y == -1 ? -1.0 : Double.NaN;
    }

    /** max(0, 1 - s * f) for a sign s and a decision value f (infinite f gives 0 or +Infinity). */
    static double hinge(double s, double f) {
        return Math.max(0, 1 - s * f);
    }
}
