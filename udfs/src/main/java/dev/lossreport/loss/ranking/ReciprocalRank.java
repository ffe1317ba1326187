package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Mean reciprocal rank: per query 1 / (rank of the first relevant retrieved item), 0 when none is
 * retrieved (trec_eval's {@code recip_rank}), then the weighted mean over queries.
 */
public final class ReciprocalRank extends RankingLoss {
    public static final LossType TYPE = LossType.named("mrr")
            .formula("1 / rank of the first relevant item (0 if none)")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(MeanLoss.REDUCTION)
            .build(ReciprocalRank::new);

    private ReciprocalRank(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double perQuery(Ranking q) {
        for (int r = 0; r < q.retrieved(); r++) {
            if (q.isRelevant(r)) {
                return 1.0 / (r + 1);
            }
        }
        return 0.0;
    }
}
