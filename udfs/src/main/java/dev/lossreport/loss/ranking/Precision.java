package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Precision at k: per query (relevant items among the top k ranks) / k, divided by k even when fewer
 * than k items are retrieved (trec_eval's {@code P_k}, Spark MLlib), then the weighted mean over queries.
 */
public final class Precision extends RankingLoss {
    public static final LossType TYPE = LossType.named("precision")
            .formula("relevant items in the top k / k")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(cutoff(10), MeanLoss.REDUCTION)
            .build(Precision::new);

    private final int k;

    private Precision(Params params) {
        super(TYPE, params);
        this.k = params.integer("k");
    }

    @Override
    protected double perQuery(Ranking q) {
        return q.hits(k) / (double) k;
    }
}
