package dev.lossreport.loss.regression;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Mean gamma deviance, the Tweedie deviance of power 2 (scikit-learn's {@code mean_gamma_deviance}):
 * l = 2 * (log(p / y) + y / p - 1); invariant to scaling p and y together, so it measures relative
 * errors. Domain: p > 0 and y > 0.
 */
public final class GammaDeviance extends Deviance {
    public static final LossType TYPE = LossType.named("gamma_deviance")
            .formula("2*(log(p/y) + y/p - 1)")
            .domain("p > 0, y > 0")
            .params(MeanLoss.REDUCTION)
            .build(GammaDeviance::new);

    private GammaDeviance(Params params) {
        super(TYPE, params, 2.0);
    }
}
