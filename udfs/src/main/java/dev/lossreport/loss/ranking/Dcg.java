package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Discounted cumulative gain at k, unnormalized: sum over ranks r < k (0-based) of
 * gain(rel_r) / log2(r + 2) per query, then the weighted mean over queries.
 */
public final class Dcg extends RankingLoss {
    public static final LossType TYPE = LossType.named("dcg")
            .formula("sum over ranks r < k of gain(rel_r) / log2(r + 2)")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(K_OPTIONAL, Gain.PARAM, MeanLoss.REDUCTION)
            .build(Dcg::new);

    private final Integer k;
    private final Gain gain;

    private Dcg(Params params) {
        super(TYPE, params);
        this.k = optionalK(params);
        this.gain = Gain.of(params.text("gain"));
    }

    @Override
    protected double perQuery(Ranking q) {
        return gain.dcg(q, depth(k, q));
    }
}
