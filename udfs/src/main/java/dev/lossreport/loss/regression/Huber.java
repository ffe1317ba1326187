package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Huber loss with threshold delta (default 1.0), e = p - y:
 * l = 0.5 * e^2 if |e| <= delta, else delta * (|e| - 0.5 * delta). Quadratic at |e| = delta exactly
 * (Keras). Domain: finite p and y; delta > 0.
 */
public final class Huber extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("huber")
            .formula("0.5*e^2 if |e| <= delta else delta*(|e| - 0.5*delta), e = p - y")
            .domain("finite p and y")
            .params(Param.real("delta", 1.0, "where the loss turns from quadratic to linear",
                    d -> d > 0 && d < Double.POSITIVE_INFINITY, "a finite number > 0"), MeanLoss.REDUCTION)
            .build(Huber::new);

    private final double delta;

    private Huber(Params params) {
        super(TYPE, params);
        this.delta = params.real("delta");
    }

    @Override
    protected double term(double p, double y) {
        double a = Math.abs(p - y);
        return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }
}
