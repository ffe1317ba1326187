package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;

/**
 * Mean error (bias): the weighted mean of e = p - y; positive means over-prediction. Together with
 * {@code error_variance}: mse = mean_error^2 + error_variance. Domain: finite p and y.
 */
public final class MeanError extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("mean_error")
            .formula("p - y")
            .domain("finite p and y")
            .direction(Direction.ZERO_IS_BEST)
            .build(MeanError::new);

    private MeanError(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        return p - y;
    }
}
