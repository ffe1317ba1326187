package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Quantile (pinball) loss at level alpha (default 0.5), scikit-learn's {@code mean_pinball_loss}:
 * l = alpha * max(y - p, 0) + (1 - alpha) * max(p - y, 0). Under-prediction costs alpha per unit,
 * over-prediction 1 - alpha, so the loss is minimised by the alpha-quantile; alpha = 0.5 gives half the
 * absolute error. Domain: finite p and y; alpha in [0, 1]. Also registered as {@code pinball}.
 */
public final class Quantile extends ElementwiseLoss {
    /** The quantile level, shared with the D^2 pinball score. */
    public static final Param ALPHA = Param.real("alpha", 0.5, "the quantile level: under-prediction costs alpha, over-prediction 1 - alpha",
            a -> a >= 0 && a <= 1, "a number in [0, 1]");

    public static final LossType TYPE = LossType.named("quantile")
            .formula("alpha*max(y - p, 0) + (1 - alpha)*max(p - y, 0)")
            .domain("finite p and y")
            .params(ALPHA, MeanLoss.REDUCTION)
            .build(Quantile::new);

    private final double alpha;

    private Quantile(Params params) {
        super(TYPE, params);
        this.alpha = params.real("alpha");
    }

    @Override
    protected double term(double p, double y) {
        return pinball(p, y, alpha);
    }

    /** The pinball loss of predicting p for y at level alpha. */
    public static double pinball(double p, double y, double alpha) {
        return y >= p ? alpha * (y - p) : (1 - alpha) * (p - y);
    }
}
