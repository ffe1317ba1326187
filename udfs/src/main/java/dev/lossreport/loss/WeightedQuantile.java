package dev.lossreport.loss;

import java.util.Locale;

/**
 * The exact weighted alpha-quantile q of a slice's values, and the pinball spread
 * sum(w * pinball_alpha(v, q)) about it, in one pass over the values in ascending order once the
 * slice's total weight W is known. Values of weight 0 are left out (a zero weight is a dropped row).
 *
 * <p>With cumulative weights C_k of the sorted values v_k:
 * <ul>
 *   <li>{@code inverted_cdf}: the smallest v_k with C_k >= alpha * W (NumPy's weighted method,
 *       scikit-learn's {@code _weighted_percentile}).</li>
 *   <li>{@code averaged_inverted_cdf} (the default): the same, except that when C_k = alpha * W exactly
 *       the mean of v_k and the next value is taken; with unit weights this is {@code np.median} at
 *       alpha = 0.5 (scikit-learn's {@code _weighted_percentile(average=True)}).</li>
 *   <li>{@code linear}: NumPy's default linear interpolation between order statistics
 *       ({@code np.percentile}, scikit-learn's unweighted D^2 pinball), for frequency weights: a row of
 *       integer weight k counts as k rows; other weights are outside the domain of this method.</li>
 * </ul>
 * Both inverted-CDF methods depend only on the weighted distribution, so they are invariant to scaling
 * the weights and equal to repeating rows; cumulative weights are compensated sums and compared with a
 * relative tolerance of 1e-12, so a point that lies exactly on a cumulative weight stays there whatever
 * the rounding of the weights.
 */
public final class WeightedQuantile {
    /** How a quantile between or on order statistics is chosen. */
    public enum Method {
        INVERTED_CDF, AVERAGED_INVERTED_CDF, LINEAR;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Method of(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    private static final double TOLERANCE = 1e-12;

    private final double alpha;
    private final Method method;
    private final double target;
    private final double tolerance;
    /** linear: the 0-based expanded index below the quantile and the interpolation fraction. */
    private final double lowIndex;
    private final double fraction;

    private final double[] cumulative = new double[2];
    private final double[] lowWeight = new double[2];
    private final double[] lowShifted = new double[2];
    private final double[] highSpread = new double[2];
    private double shift = Double.NaN;
    private double last = Double.NaN;
    private double low = Double.NaN;
    private double pendingFraction = Double.NaN;
    private double q = Double.NaN;

    public WeightedQuantile(double alpha, Method method, double totalWeight) {
        this.alpha = alpha;
        this.method = method;
        this.target = alpha * totalWeight;
        this.tolerance = TOLERANCE * totalWeight;
        double h = Math.max(0, alpha * (totalWeight - 1));
        this.lowIndex = Math.floor(h);
        this.fraction = h - lowIndex;
    }

    /** Whether a row of this weight can take part under the method (linear needs whole weights). */
    public static boolean acceptsWeight(Method method, double w) {
        return method != Method.LINEAR || w == Math.rint(w);
    }

    /** Adds the next value; values must come in ascending order. */
    public void add(double v, double w) {
        if (!(w > 0)) {
            return;
        }
        if (Double.isNaN(shift)) {
            shift = v;
        }
        last = v;
        if (!Double.isNaN(q)) {
            Sums.add(highSpread, 0, alpha * w * (v - q));
            return;
        }
        if (!Double.isNaN(pendingFraction)) {
            // The quantile lies between the previous value and this one.
            resolve(low + pendingFraction * (v - low));
            Sums.add(highSpread, 0, alpha * w * (v - q));
            return;
        }
        Sums.add(cumulative, 0, w);
        Sums.add(lowWeight, 0, w);
        Sums.add(lowShifted, 0, w * (v - shift));
        double c = Sums.value(cumulative, 0);
        switch (method) {
            case INVERTED_CDF -> {
                if (c >= target - tolerance) {
                    resolve(v);
                }
            }
            case AVERAGED_INVERTED_CDF -> {
                if (Math.abs(c - target) <= tolerance) {
                    low = v;
                    pendingFraction = 0.5;
                } else if (c > target) {
                    resolve(v);
                }
            }
            case LINEAR -> {
                if (c > lowIndex) {
                    if (fraction == 0 || c > lowIndex + 1) {
                        resolve(v);
                    } else {
                        low = v;
                        pendingFraction = fraction;
                    }
                }
            }
        }
    }

    private void resolve(double value) {
        q = value;
        pendingFraction = Double.NaN;
    }

    /** The quantile, once every value was added; NaN when no value of positive weight was. */
    public double quantile() {
        if (Double.isNaN(q)) {
            // The quantile is the top value (alpha = 1, or the next value never came).
            return Double.isNaN(low) ? last : low;
        }
        return q;
    }

    /** sum(w * pinball_alpha(v, q)) over the values added. */
    public double spread() {
        double quantile = quantile();
        if (Double.isNaN(quantile)) {
            return Double.NaN;
        }
        double below = (quantile - shift) * Sums.value(lowWeight, 0) - Sums.value(lowShifted, 0);
        return (1 - alpha) * Math.max(0, below) + Sums.value(highSpread, 0);
    }
}
