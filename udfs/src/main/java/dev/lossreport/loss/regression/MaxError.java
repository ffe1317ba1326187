package dev.lossreport.loss.regression;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Maximum absolute error max |p - y| over the slice (scikit-learn's {@code max_error}). Weights only
 * decide which rows take part: a row of weight 0 is left out, as if dropped, and any positive weight
 * counts once. Null for a slice without a row of positive weight. Domain: finite p and y (scalars).
 */
public final class MaxError extends Loss {
    public static final LossType TYPE = LossType.named("max_error")
            .formula("max |p - y|")
            .domain("finite p and y")
            .signature(Signature.SCALAR)
            .build(MaxError::new);

    private static final int MAX = HEADER;
    /** 1 once a row of positive weight was seen: the maximum of nothing is undefined, not 0. */
    private static final int SEEN = HEADER + 1;

    private MaxError(Params params) {
        super(TYPE, params);
    }

    @Override
    public boolean inDomain(Example x) {
        return !x.predictionIsVector && Double.isFinite(x.prediction) && Double.isFinite(x.label);
    }

    @Override
    public double pointwise(Example x) {
        return Math.abs(x.prediction - x.label);
    }

    @Override
    protected int familyWidth() {
        return 2;
    }

    @Override
    protected void accumulate(double[] s, int o, Example x) {
        if (x.weight > 0) {
            s[o + MAX] = Math.max(s[o + MAX], pointwise(x));
            s[o + SEEN] = 1;
        }
    }

    @Override
    protected void combine(double[] s, int o, double[] t, int to) {
        s[o + MAX] = Math.max(s[o + MAX], t[to + MAX]);
        s[o + SEEN] = Math.max(s[o + SEEN], t[to + SEEN]);
    }

    @Override
    public Double value(double[] s, int o) {
        return s[o + SEEN] > 0 ? s[o + MAX] : null;
    }
}
