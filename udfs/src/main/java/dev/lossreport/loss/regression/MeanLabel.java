package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;

/**
 * The weighted mean label sum(w * y) / sum(w), over the rows where both p and y are finite, so it
 * describes the same rows as the losses beside it (for binary labels: the base rate). A descriptive
 * statistic: no direction.
 */
public final class MeanLabel extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("mean_label")
            .formula("y (weighted mean)")
            .domain("finite p and y")
            .direction(Direction.NONE)
            .build(MeanLabel::new);

    private MeanLabel(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        return y;
    }
}
