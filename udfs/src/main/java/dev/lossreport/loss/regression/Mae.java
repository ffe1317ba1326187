package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/** Mean absolute error: l = |p - y|, weighted mean. Domain: finite p and y. */
public final class Mae extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("mae")
            .formula("|p - y|")
            .domain("finite p and y")
            .params(MeanLoss.REDUCTION)
            .build(Mae::new);

    private Mae(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        return Math.abs(p - y);
    }
}
