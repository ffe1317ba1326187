package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Mean absolute percentage error as scikit-learn defines it: a fraction, not a percent,
 * l = |p - y| / max(|y|, eps) with eps = 2.220446049250313e-16 (double machine epsilon), so a label of 0
 * gives a huge but finite value and the row counts. {@code percent=true} multiplies by 100 and
 * {@code eps=1e-7} is Keras' denominator floor. Domain: finite p and y.
 */
public final class Mape extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("mape")
            .formula("|p - y| / max(|y|, eps)  (a fraction; x100 with percent=true)")
            .domain("finite p and y (y = 0 counts, divided by eps)")
            .params(Param.real("eps", Math.ulp(1.0), "floor of the denominator |y| (scikit-learn: 2.22e-16, Keras: 1e-7)",
                            e -> e > 0 && e < Double.POSITIVE_INFINITY, "a finite number > 0").hiddenWhenDefault(),
                    Param.bool("percent", false, "report a percent (x100, Keras) instead of a fraction (scikit-learn)")
                            .hiddenWhenDefault(),
                    MeanLoss.REDUCTION)
            .build(Mape::new);

    private final double eps;
    private final double scale;

    private Mape(Params params) {
        super(TYPE, params);
        this.eps = params.real("eps");
        this.scale = params.bool("percent") ? 100.0 : 1.0;
    }

    @Override
    protected double term(double p, double y) {
        return scale * Math.abs(p - y) / Math.max(Math.abs(y), eps);
    }
}
