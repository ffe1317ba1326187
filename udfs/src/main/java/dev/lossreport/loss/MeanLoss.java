package dev.lossreport.loss;

/**
 * The family of losses whose slice value is a reduction of a pointwise value l: by default the
 * weighted mean sum(w * l) / sum(w). The {@code reduction} parameter offers the peers' other
 * conventions: {@code sum} (scikit-learn's {@code normalize=False}) and {@code sum_over_batch_size}
 * (Keras' default, sum(w * l) / rows, where zero-weight rows stay in the denominator).
 * A slice with no counted rows, or with weight sum 0 under the mean, has value null.
 */
public abstract class MeanLoss extends Loss {
    static final int SUM = HEADER;

    public static final Param REDUCTION = Param.choice("reduction", "mean",
            "mean: sum(w*l)/sum(w); sum: sum(w*l); sum_over_batch_size: sum(w*l)/rows (Keras)",
            "mean", "sum", "sum_over_batch_size").hiddenWhenDefault();

    private final Reduction reduction;

    private enum Reduction { MEAN, SUM, SUM_OVER_BATCH_SIZE }

    protected MeanLoss(LossType type, Params params) {
        super(type, params);
        String r = params.asMap().containsKey("reduction") ? params.text("reduction") : "mean";
        this.reduction = Reduction.valueOf(r.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    protected final int familyWidth() {
        return 2;
    }

    @Override
    protected final void accumulate(double[] s, int o, Example x) {
        accumulate(s, o, x, term(x));
    }

    /**
     * The row's pointwise value, or NaN when the row is outside this loss's domain (weights and masks
     * are the caller's): one call where {@link #inDomain} and {@link #pointwise} would be two. The
     * engine treats a NaN answer by the general rules ({@link #classify}). The engine's hot loop
     * calls this once per row and loss ({@link LossSet#updateLean}).
     */
    public double evaluate(Example x) {
        return inDomain(x) ? pointwise(x) : Double.NaN;
    }

    /** Adds a counted row of weight {@code w} and pointwise value {@code value} to the state at {@code s[o..]}. */
    final void addCounted(double[] s, int o, double w, double value) {
        s[o + ROWS] += 1;
        Sums.add(s, o + WEIGHT, w);
        if (w != 0) {
            Sums.add(s, o + SUM, w * value);
        }
    }

    /** The pointwise value, computed once per row for all the slices it goes to (0 for a zero weight). */
    @Override
    public final double term(Example x) {
        return x.weight == 0 ? 0 : pointwise(x);
    }

    @Override
    protected final void accumulate(double[] s, int o, Example x, double term) {
        if (x.weight != 0) {
            Sums.add(s, o + SUM, x.weight * term);
        }
    }

    @Override
    protected final void combine(double[] s, int o, double[] t, int to) {
        Sums.merge(s, o + SUM, t, to + SUM);
    }

    @Override
    public final Double value(double[] s, int o) {
        double rows = s[o + ROWS];
        double sum = Sums.value(s, o + SUM);
        double reduced;
        switch (reduction) {
            case MEAN -> {
                double w = weightSum(s, o);
                if (!(w > 0)) {
                    return null;
                }
                reduced = sum / w;
            }
            case SUM -> {
                if (rows == 0) {
                    return null;
                }
                reduced = sum;
            }
            default -> {
                if (rows == 0) {
                    return null;
                }
                reduced = sum / rows;
            }
        }
        double v = finish(reduced);
        return Double.isNaN(v) ? null : v;
    }

    /** Turns the reduced value into the reported one; RMSE takes the square root here. */
    protected double finish(double reduced) {
        return reduced;
    }
}
