package dev.lossreport.loss.regression;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Mean Tweedie deviance of a given power (scikit-learn's {@code mean_tweedie_deviance}); the unit
 * deviance and the domain of each power are in {@link Tweedie}. Power 0 is the squared error, 1 the
 * Poisson and 2 the gamma deviance ({@code poisson_deviance}, {@code gamma_deviance}).
 */
public final class TweedieDeviance extends Deviance {
    public static final LossType TYPE = LossType.named("tweedie_deviance")
            .formula("2*(max(y,0)^(2-k)/((1-k)(2-k)) - y*p^(1-k)/(1-k) + p^(2-k)/(2-k)), k = power")
            .domain("power 0: finite p, y; power < 0: p > 0; 1 <= power < 2: p > 0, y >= 0; power >= 2: p > 0, y > 0")
            .params(Tweedie.POWER, MeanLoss.REDUCTION)
            .build(TweedieDeviance::new);

    private TweedieDeviance(Params params) {
        super(TYPE, params, params.real("power"));
    }
}
