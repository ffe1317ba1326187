package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Symmetric mean absolute percentage error, as a fraction in [0, 2]:
 * l = 2 * |p - y| / max(|p| + |y|, eps), eps = 2.220446049250313e-16, so p = y = 0 gives 0 and a
 * prediction of 0 for any other label gives 2 (torchmetrics' definition; scikit-learn and Keras
 * have none). {@code percent=true} multiplies by 100. Domain: finite p and y.
 */
public final class Smape extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("smape")
            .formula("2*|p - y| / max(|p| + |y|, eps)  (a fraction in [0, 2]; x100 with percent=true)")
            .domain("finite p and y")
            .params(Param.real("eps", Math.ulp(1.0), "floor of the denominator |p| + |y|",
                            e -> e > 0 && e < Double.POSITIVE_INFINITY, "a finite number > 0").hiddenWhenDefault(),
                    Param.bool("percent", false, "report a percent (x100) instead of a fraction").hiddenWhenDefault(),
                    MeanLoss.REDUCTION)
            .build(Smape::new);

    private final double eps;
    private final double scale;

    private Smape(Params params) {
        super(TYPE, params);
        this.eps = params.real("eps");
        this.scale = params.bool("percent") ? 100.0 : 1.0;
    }

    @Override
    protected double term(double p, double y) {
        return scale * 2 * Math.abs(p - y) / Math.max(Math.abs(p) + Math.abs(y), eps);
    }
}
