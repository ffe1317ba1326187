package dev.lossreport.loss.replicates;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * The expected loss over replicates: per example the mean over its m replicates of (p_r - y)^2
 * ({@code loss=squared}) or of [p_r != y] ({@code loss=zero_one}); then the weighted mean over
 * examples (mlxtend's {@code avg_expected_loss}).
 */
public final class ExpectedLoss extends ReplicateLoss {
    public static final LossType TYPE = LossType.named("expected_loss")
            .formula("mean over replicates of (p_r - y)^2, or of [p_r != y]")
            .domain("per example (needs example and replicate columns): finite predictions and one finite label")
            .signature(Signature.SCALAR)
            .params(LOSS, MeanLoss.REDUCTION)
            .build(ExpectedLoss::new);

    private ExpectedLoss(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double perExample(Replicates x) {
        double y = x.label();
        return zeroOne ? x.meanOf(p -> p != y ? 1.0 : 0.0) : x.meanOf(p -> (p - y) * (p - y));
    }
}
