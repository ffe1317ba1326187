package dev.lossreport.loss.classification;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Log1p;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Binary cross-entropy (log loss) of a probability p of the positive class against a label y in [0, 1]
 * (soft labels such as 0.5 for a tie are legal):
 * l = -(y * log(q) + (1 - y) * log(1 - q)), q = clip(p, eps, 1 - eps), eps = 1e-15 by default;
 * a term whose label weight is 0 is 0 (so eps = 0 gives 0 for a perfect prediction and +Infinity for
 * a certain wrong one).
 *
 * <p>With {@code from_logits=true} the prediction x is a logit and the stable form
 * l = max(x, 0) - x * y + log1p(exp(-|x|)) is used; infinite logits give their limits (0 or
 * +Infinity), never NaN. {@code label_smoothing} s replaces y by y * (1 - s) + s / 2 (Keras).
 * Arrays (multi-label): the mean over the elements of a row. Domain: y in [0, 1]; p in [0, 1], or
 * any non-NaN logit.
 */
public final class Bce extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("bce")
            .formula("-(y*log(p) + (1-y)*log(1-p)), p clipped to [eps, 1-eps]")
            .domain("label in [0, 1]; p in [0, 1] (or any non-NaN logit with from_logits)")
            .params(Probabilities.EPS, Probabilities.FROM_LOGITS, Probabilities.LABEL_SMOOTHING, MeanLoss.REDUCTION)
            .build(Bce::new);

    private final double eps;
    private final boolean fromLogits;
    private final double smoothing;

    private Bce(Params params) {
        super(TYPE, params);
        this.eps = params.real("eps");
        this.fromLogits = params.bool("from_logits");
        this.smoothing = params.real("label_smoothing");
    }

    @Override
    protected boolean inDomain(double p, double y) {
        return Probabilities.isProbability(y) && (fromLogits ? !Double.isNaN(p) : Probabilities.isProbability(p));
    }

    @Override
    protected double term(double p, double y) {
        return term(p, y, null);
    }

    /** With a scalar row, log q and log(1 - q) are the row's own, shared with its other cross-entropy losses. */
    @Override
    protected double term(double p, double y, Example row) {
        double t = smoothing == 0 ? y : y * (1 - smoothing) + 0.5 * smoothing;
        return fromLogits ? fromLogit(p, t) : fromProbability(Probabilities.clip(p, eps), t, row);
    }

    /** -(y log q + (1 - y) log(1 - q)) without 0 * Infinity; the logarithms from {@code row} when given. */
    static double fromProbability(double q, double y, Example row) {
        double loss = 0;
        if (y > 0) {
            loss -= y * (row == null ? Math.log(q) : row.log(q));
        }
        if (y < 1) {
            loss -= (1 - y) * (row == null ? Example.log1m(q) : row.rowLog1m(q));
        }
        return loss;
    }

    static double fromLogit(double x, double y) {
        if (x == Double.POSITIVE_INFINITY) {
            return y < 1 ? Double.POSITIVE_INFINITY : 0.0;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return y > 0 ? Double.POSITIVE_INFINITY : 0.0;
        }
        return Math.max(x, 0) - x * y + Log1p.of(Math.exp(-Math.abs(x)));
    }
}
