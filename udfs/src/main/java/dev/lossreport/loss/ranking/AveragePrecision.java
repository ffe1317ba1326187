package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;
import dev.lossreport.loss.Sums;

/**
 * Mean average precision: per query AP = (sum over relevant retrieved items of the precision at
 * their rank) / R, R = all relevant judged items of the query, retrieved or not (trec_eval's
 * {@code map}); with a cutoff k only the top k ranks count and the divisor is min(R, k) (Spark MLlib's
 * {@code meanAveragePrecisionAt}). R = 0 gives 0. Then the weighted mean over queries.
 */
public final class AveragePrecision extends RankingLoss {
    public static final LossType TYPE = LossType.named("map")
            .formula("sum over relevant ranks r < k of precision@(r+1) / min(R, k), R = relevant judged items")
            .domain(DOMAIN)
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(K_OPTIONAL, MeanLoss.REDUCTION)
            .build(AveragePrecision::new);

    private final Integer k;

    private AveragePrecision(Params params) {
        super(TYPE, params);
        this.k = optionalK(params);
    }

    @Override
    protected double perQuery(Ranking q) {
        int relevant = k == null ? q.relevant() : Math.min(q.relevant(), k);
        if (relevant == 0) {
            return 0.0;
        }
        double[] sum = new double[2];
        int hits = 0;
        for (int r = 0, end = depth(k, q); r < end; r++) {
            if (q.isRelevant(r)) {
                hits++;
                Sums.add(sum, 0, hits / (r + 1.0));
            }
        }
        return Sums.value(sum, 0) / relevant;
    }
}
