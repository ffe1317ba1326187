package dev.lossreport.loss.replicates;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * The variance term over replicates: per example the mean over its m replicates of
 * (p_r - mean_r p)^2 ({@code loss=squared}, the population variance of the predictions) or of
 * [p_r != mode_r p] ({@code loss=zero_one}); then the weighted mean over examples (mlxtend's
 * {@code avg_var}).
 */
public final class Variance extends ReplicateLoss {
    public static final LossType TYPE = LossType.named("variance")
            .formula("mean over replicates of (p_r - mean p)^2, or of [p_r != mode p]")
            .domain("per example (needs example and replicate columns): finite predictions and one finite label")
            .signature(Signature.SCALAR)
            .params(LOSS, MeanLoss.REDUCTION)
            .build(Variance::new);

    private Variance(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double perExample(Replicates x) {
        if (zeroOne) {
            double main = x.mode();
            return x.meanOf(p -> p != main ? 1.0 : 0.0);
        }
        double mean = x.mean();
        return x.meanOf(p -> (p - mean) * (p - mean));
    }
}
