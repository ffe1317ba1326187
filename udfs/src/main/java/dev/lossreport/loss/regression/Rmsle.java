package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;

/**
 * Root mean squared logarithmic error: sqrt(sum(w * (log1p(p) - log1p(y))^2) / sum(w)), the square root
 * of the slice's weighted MSLE (scikit-learn's {@code root_mean_squared_log_error} for one output).
 * Domain and {@code floor} as {@code msle}. The pointwise value is the squared log error.
 */
public final class Rmsle extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("rmsle")
            .formula("sqrt(mean((log(1 + p) - log(1 + y))^2))")
            .domain("finite p >= 0 and y >= 0 (any finite values with floor set)")
            .params(Msle.FLOOR)
            .build(Rmsle::new);

    private final Double floor;

    private Rmsle(Params params) {
        super(TYPE, params);
        this.floor = params.optionalReal("floor");
    }

    @Override
    protected boolean inDomain(double p, double y) {
        return Msle.inLogDomain(p, y, floor);
    }

    @Override
    protected double term(double p, double y) {
        return Msle.squaredLogError(p, y, floor);
    }

    @Override
    protected double finish(double msle) {
        return Math.sqrt(msle);
    }
}
