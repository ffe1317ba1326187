package dev.lossreport.loss;

/**
 * A loss on a pair of numbers pooled over every element of equal-length array rows ({@code flatten}):
 * each kept element pair is one row of the scalar loss, weighted by its row's weight, so the slice
 * value is the scalar loss of all elements together, e.g. sum_i w_i * sum_j l_ij / sum_i w_i * n_i for
 * a mean loss, where n_i is the number of kept elements of row i. It differs from the default row mean
 * when rows have different lengths or masks keep different numbers of elements; for rmse it is the
 * square root of the pooled per-element MSE, for r2 the R^2 of all elements (scikit-learn on
 * {@code y.ravel()}). {@code reduction=sum_over_batch_size} divides by the number of elements.
 *
 * <p>A row counts when its arrays pair up and every kept element pair is in the scalar loss's domain;
 * the header counts rows and their weights, the wrapped state counts elements.
 */
public final class FlattenedLoss extends ElementPairLoss {
    FlattenedLoss(LossType type, Params params, Loss base) {
        super(type, params, base);
    }

    @Override
    public boolean inDomain(Example x) {
        int n = x.pairedLength();
        return n >= 0 && keptInDomain(x, n);
    }

    @Override
    public double pointwise(Example x) {
        return keptMean(x, x.pairedLength());
    }

    @Override
    protected int familyWidth() {
        return base.width();
    }

    @Override
    protected void accumulate(double[] s, int o, Example x) {
        int n = x.pairedLength();
        for (int j = 0; j < n; j++) {
            if (x.keeps(j)) {
                base.update(s, o + HEADER, element(x, j));
            }
        }
    }

    @Override
    protected void combine(double[] s, int o, double[] t, int to) {
        base.merge(s, o + HEADER, t, to + HEADER);
    }

    @Override
    public Double value(double[] s, int o) {
        return rows(s, o) == 0 ? null : base.value(s, o + HEADER);
    }
}
