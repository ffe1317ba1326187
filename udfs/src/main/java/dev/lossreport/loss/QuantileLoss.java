package dev.lossreport.loss;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The family of losses that need an exact weighted quantile of the slice (median absolute error, the
 * D^2 pinball scores). No fixed-size state merged by sums holds a quantile exactly, so these losses
 * are finished in two parts: the usual state (header, and the compensated sum of the model's pointwise
 * term) and the order statistics of the slice, the quantile q of {@link #orderedValue} and the pinball
 * spread sum(w * pinball_alpha(v, q)) about it, computed by {@link WeightedQuantile} over the slice's
 * values in ascending order. The job computes those in a sort-based stage that the plan runs only when
 * such a loss is requested; the Aggregator sorts the values it collected. Either way the result does
 * not depend on how the rows were partitioned.
 *
 * <p>The order statistics arrive in exactly one partial state per slice and are merged by addition.
 * A row takes part when it counts for the loss and its weight is positive.
 */
public abstract class QuantileLoss extends Loss {
    public static final Param METHOD = Param.choice("quantile_method", "averaged_inverted_cdf",
            "how the weighted quantile is chosen: averaged_inverted_cdf (np.median for unit weights), inverted_cdf "
                    + "(scikit-learn's weighted percentile), linear (np.percentile; whole weights only)",
            "averaged_inverted_cdf", "inverted_cdf", "linear").hiddenWhenDefault();

    private static final int MODEL = HEADER;       // compensated sum of w * modelTerm
    private static final int QUANTILE = HEADER + 2;
    private static final int SPREAD = HEADER + 3;
    private static final int DONE = HEADER + 4;

    private final double alpha;
    private final WeightedQuantile.Method method;

    protected QuantileLoss(LossType type, Params params, double alpha) {
        super(type, params);
        this.alpha = alpha;
        this.method = WeightedQuantile.Method.of(params.text("quantile_method"));
    }

    /** The value whose alpha-quantile the loss needs: the label, or the absolute error. */
    public abstract double orderedValue(Example x);

    /** The model's per-row term summed into the state (the pinball loss for D^2 scores). */
    protected abstract double modelTerm(Example x);

    /** Whether the prediction and label are in the domain; the weight rule of the method is added here. */
    protected abstract boolean valuesInDomain(Example x);

    /** The slice value from its parts; called only once the order statistics are in. */
    protected abstract Double finish(long rows, double weightSum, double modelSum, double quantile, double spread);

    public final double alpha() {
        return alpha;
    }

    /**
     * Order statistics are taken of one value per row, so the array options (masks, multioutput,
     * flatten) are not offered: a per-output quantile would need one sort stage per output.
     */
    @Override
    public final boolean liftsToArrays() {
        return false;
    }

    @Override
    public final boolean inDomain(Example x) {
        return valuesInDomain(x) && WeightedQuantile.acceptsWeight(method, x.weight);
    }

    /** Whether the row takes part in the order statistics: it counts and its weight is positive. */
    public final boolean ordersRow(Example x) {
        return x.weightValid() && x.weight > 0 && inDomain(x);
    }

    /** A scan for the slice's values in ascending order, given the slice's total weight. */
    public final WeightedQuantile newScan(double totalWeight) {
        return new WeightedQuantile(alpha, method, totalWeight);
    }

    /** Writes the finished scan's order statistics into a state (usually an otherwise empty one). */
    public final void putOrderStatistics(double[] s, int o, WeightedQuantile scan) {
        s[o + QUANTILE] = scan.quantile();
        s[o + SPREAD] = scan.spread();
        s[o + DONE] = 1;
    }

    /**
     * Completes a state from the values and weights of its rows (in any order): sorts them and scans.
     * The single-machine path, used by the Aggregator and the tests.
     */
    public final void completeOrderStatistics(double[] s, int o, double[] values, double[] weights, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        WeightedQuantile scan = newScan(weightSum(s, o));
        for (int i : order) {
            scan.add(values[i], weights[i]);
        }
        putOrderStatistics(s, o, scan);
    }

    @Override
    protected final int familyWidth() {
        return 5;
    }

    @Override
    protected final void accumulate(double[] s, int o, Example x) {
        if (x.weight != 0) {
            Sums.add(s, o + MODEL, x.weight * modelTerm(x));
        }
    }

    @Override
    protected final void combine(double[] s, int o, double[] t, int to) {
        Sums.merge(s, o + MODEL, t, to + MODEL);
        s[o + QUANTILE] += t[to + QUANTILE];
        s[o + SPREAD] += t[to + SPREAD];
        s[o + DONE] += t[to + DONE];
    }

    /** Everything but the order statistics, which are the larger slice's own (a scan of its values). */
    @Override
    public final void rollUp(double[] s, int o, double[] t, int to) {
        double quantile = s[o + QUANTILE];
        double spread = s[o + SPREAD];
        double done = s[o + DONE];
        merge(s, o, t, to);
        s[o + QUANTILE] = quantile;
        s[o + SPREAD] = spread;
        s[o + DONE] = done;
    }

    @Override
    public final Double value(double[] s, int o) {
        double w = weightSum(s, o);
        if (rows(s, o) == 0 || !(w > 0) || s[o + DONE] != 1) {
            return null;
        }
        Double v = finish(rows(s, o), w, Sums.value(s, o + MODEL), s[o + QUANTILE], s[o + SPREAD]);
        return v == null || Double.isNaN(v) ? null : v;
    }
}
