package dev.lossreport.loss.replicates;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * The bias term over replicates: per example (mean_r p_r - y)^2, the squared bias
 * ({@code loss=squared}), or [mode_r p_r != y] ({@code loss=zero_one}); then the weighted mean over
 * examples (mlxtend's {@code avg_bias}).
 */
public final class Bias extends ReplicateLoss {
    public static final LossType TYPE = LossType.named("bias")
            .formula("(mean_r p_r - y)^2, or [mode_r p_r != y]")
            .domain("per example (needs example and replicate columns): finite predictions and one finite label")
            .signature(Signature.SCALAR)
            .params(LOSS, MeanLoss.REDUCTION)
            .build(Bias::new);

    private Bias(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double perExample(Replicates x) {
        if (zeroOne) {
            return x.mode() != x.label() ? 1.0 : 0.0;
        }
        double e = x.mean() - x.label();
        return e * e;
    }
}
