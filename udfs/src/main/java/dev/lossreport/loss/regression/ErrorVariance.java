package dev.lossreport.loss.regression;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MomentLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;
import dev.lossreport.loss.Example;

/**
 * Error variance: the weighted population variance of e = p - y,
 * sum(w * (e - mean_w(e))^2) / sum(w), so that mse = mean_error^2 + error_variance.
 * Domain: finite p and y. The pointwise value is e.
 */
public final class ErrorVariance extends MomentLoss {
    public static final LossType TYPE = LossType.named("error_variance")
            .formula("sum(w*(e - mean(e))^2)/sum(w), e = p - y")
            .domain("finite p and y")
            .signature(Signature.SCALAR)
            .build(ErrorVariance::new);

    private ErrorVariance(Params params) {
        super(TYPE, params);
    }

    @Override
    public double pointwise(Example x) {
        return x.prediction - x.label;
    }

    @Override
    protected Double finish(Moments m) {
        return m.errorM2() / m.weightSum();
    }
}
