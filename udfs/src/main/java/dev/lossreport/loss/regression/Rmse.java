package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;

/**
 * Root mean squared error: sqrt(sum(w * (p - y)^2) / sum(w)), the square root of the slice's weighted
 * MSE (never a mean of per-group RMSEs). Domain: finite p and y. The pointwise value is (p - y)^2.
 */
public final class Rmse extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("rmse")
            .formula("sqrt(mean((p - y)^2))")
            .domain("finite p and y")
            .build(Rmse::new);

    private Rmse(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        double e = p - y;
        return e * e;
    }

    @Override
    protected double finish(double mse) {
        return Math.sqrt(mse);
    }
}
