package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.Log1p;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Log-cosh: l = log(cosh(e)), e = p - y, computed as |e| + log1p(exp(-2|e|)) - log(2), which does not
 * overflow for large errors (cosh(e) overflows past |e| = 710). Domain: finite p and y.
 */
public final class LogCosh extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("log_cosh")
            .formula("log(cosh(p - y))")
            .domain("finite p and y")
            .params(MeanLoss.REDUCTION)
            .build(LogCosh::new);

    private static final double LOG2 = Math.log(2.0);

    private LogCosh(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double p, double y) {
        double a = Math.abs(p - y);
        return a + Log1p.of(Math.exp(-2 * a)) - LOG2;
    }
}
