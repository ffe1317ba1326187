package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Recall at k: per query (relevant items among the top k ranks) / R, R = all relevant judged items of
 * the query, retrieved or not; R = 0 gives 0. Then the weighted mean over queries.
 */
public final class Recall extends RankingLoss {
    public static final LossType TYPE = LossType.named("recall")
            .formula("relevant items in the top k / relevant items of the query")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(cutoff(10), MeanLoss.REDUCTION)
            .build(Recall::new);

    private final int k;

    private Recall(Params params) {
        super(TYPE, params);
        this.k = params.integer("k");
    }

    @Override
    protected double perQuery(Ranking q) {
        return q.relevant() == 0 ? 0.0 : q.hits(k) / (double) q.relevant();
    }
}
