package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * R-precision: per query the precision at rank R, R = all relevant judged items of the query
 * (trec_eval's {@code Rprec}); R = 0 gives 0. Then the weighted mean over queries.
 */
public final class RPrecision extends RankingLoss {
    public static final LossType TYPE = LossType.named("r_precision")
            .formula("relevant items in the top R / R, R = relevant items of the query")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(MeanLoss.REDUCTION)
            .build(RPrecision::new);

    private RPrecision(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double perQuery(Ranking q) {
        int r = q.relevant();
        return r == 0 ? 0.0 : q.hits(r) / (double) r;
    }
}
