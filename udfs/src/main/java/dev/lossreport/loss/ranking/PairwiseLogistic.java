package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Log1p;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Pairwise logistic loss (RankNet): l(d) = log(1 + exp(-d)) over the pairs of a query, in the
 * overflow-free form max(-d, 0) + log1p(exp(-|d|)) (see {@link PairwiseLoss}). {@code ranknet} is
 * another name; {@code lambdarank} is {@code pairwise_logistic(lambda_weights=ndcg)}.
 */
public final class PairwiseLogistic extends PairwiseLoss {
    public static final LossType TYPE = LossType.named("pairwise_logistic")
            .formula("mean over pairs rel_i > rel_j of log(1 + exp(-(s_i - s_j)))")
            .domain(DOMAIN + "; at least one pair with different relevance")
            .signature(Signature.SCALAR)
            .params(LAMBDA_WEIGHTS, MeanLoss.REDUCTION)
            .build(PairwiseLogistic::new);

    private PairwiseLogistic(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double term(double d) {
        return Math.max(-d, 0.0) + Log1p.of(Math.exp(-Math.abs(d)));
    }
}
