package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Mean squared error: l = (p - y)^2, reduced as the weighted mean sum(w * l) / sum(w).
 * Domain: finite p and y. Arrays: the mean over the elements of a row, then over rows.
 */
public final class Mse extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("mse")
            .formula("(p - y)^2")
            .domain("finite p and y")
            .params(MeanLoss.REDUCTION)
            .build(Mse::new);

    private Mse(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        double e = p - y;
        return e * e;
    }
}
