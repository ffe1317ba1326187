package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;

/**
 * The weighted mean prediction sum(w * p) / sum(w), over the rows where both p and y are finite, so it
 * describes the same rows as the losses beside it. A descriptive statistic: no direction.
 */
public final class MeanPrediction extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("mean_prediction")
            .formula("p (weighted mean)")
            .domain("finite p and y")
            .direction(Direction.NONE)
            .build(MeanPrediction::new);

    private MeanPrediction(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        return p;
    }
}
