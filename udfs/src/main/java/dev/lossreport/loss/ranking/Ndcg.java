package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Normalized discounted cumulative gain at k: DCG@k / IDCG@k per query, where
 * DCG@k = sum over ranks r < k of gain(rel_r) / log2(r + 2) and IDCG@k is the same sum over the
 * query's best min(k, R) judgments (R = relevant judged items, retrieved or not), so NDCG is in [0, 1]
 * and a perfect list shorter than k scores 1. A query without relevant items scores 0. Then the
 * weighted mean over queries.
 */
public final class Ndcg extends RankingLoss {
    public static final LossType TYPE = LossType.named("ndcg")
            .formula("DCG@k / ideal DCG@k, DCG = sum_r gain(rel_r) / log2(r + 2)")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(K_OPTIONAL, Gain.PARAM, MeanLoss.REDUCTION)
            .build(Ndcg::new);

    private final Integer k;
    private final Gain gain;

    private Ndcg(Params params) {
        super(TYPE, params);
        this.k = optionalK(params);
        this.gain = Gain.of(params.text("gain"));
    }

    @Override
    protected double perQuery(Ranking q) {
        double ideal = gain.idealDcg(q, k);
        return ideal > 0 ? gain.dcg(q, depth(k, q)) / ideal : 0.0;
    }
}
