package dev.lossreport.loss.regression;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Mean Poisson deviance, the Tweedie deviance of power 1 (scikit-learn's {@code mean_poisson_deviance}):
 * l = 2 * (y * log(y / p) - y + p), with 0 * log(0) = 0 so a label of 0 gives 2p. Domain: p > 0 and
 * y >= 0 (counts, rates). Not Keras' {@code poisson} loss, which is {@code poisson_nll}.
 */
public final class PoissonDeviance extends Deviance {
    public static final LossType TYPE = LossType.named("poisson_deviance")
            .formula("2*(y*log(y/p) - y + p)")
            .domain("p > 0, y >= 0")
            .params(MeanLoss.REDUCTION)
            .build(PoissonDeviance::new);

    private PoissonDeviance(Params params) {
        super(TYPE, params, 1.0);
    }
}
