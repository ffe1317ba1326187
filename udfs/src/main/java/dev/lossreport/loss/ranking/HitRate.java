package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Hit rate at k: per query 1 when at least one relevant item is among the top k ranks, else 0; then
 * the weighted mean over queries (the share of queries with a hit).
 */
public final class HitRate extends RankingLoss {
    public static final LossType TYPE = LossType.named("hit_rate")
            .formula("1 if a relevant item is in the top k, else 0")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(cutoff(10), MeanLoss.REDUCTION)
            .build(HitRate::new);

    private final int k;

    private HitRate(Params params) {
        super(TYPE, params);
        this.k = params.integer("k");
    }

    @Override
    protected double perQuery(Ranking q) {
        return q.hits(k) > 0 ? 1.0 : 0.0;
    }
}
