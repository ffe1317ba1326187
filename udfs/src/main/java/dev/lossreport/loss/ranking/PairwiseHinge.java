package dev.lossreport.loss.ranking;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/** Pairwise hinge loss: l(d) = max(0, 1 - d) over the pairs of a query (see {@link PairwiseLoss}). */
public final class PairwiseHinge extends PairwiseLoss {
    public static final LossType TYPE = LossType.named("pairwise_hinge")
            .formula("mean over pairs rel_i > rel_j of max(0, 1 - (s_i - s_j))")
            .domain(DOMAIN + "; at least one pair with different relevance")
            .signature(Signature.SCALAR)
            .params(LAMBDA_WEIGHTS, MeanLoss.REDUCTION)
            .build(PairwiseHinge::new);

    private PairwiseHinge(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double d) {
        return Math.max(0.0, 1.0 - d);
    }
}
