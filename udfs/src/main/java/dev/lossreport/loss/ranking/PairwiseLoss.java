package dev.lossreport.loss.ranking;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Sums;

/**
 * Pairwise ranking losses over the retrieved items of a query: for every pair (i, j) with
 * rel_i > rel_j (unjudged items have relevance 0; negative grades are preferences too), the term
 * l(s_i - s_j) of the score difference; the query's value is the mean over its P pairs,
 * sum(l) / P. A query with no such pair does not count.
 *
 * <p>With {@code lambda_weights=ndcg} (LambdaRank) each term is weighted by |delta NDCG_ij|, the change
 * of the list's NDCG (exponential gain, the list's own ideal DCG) when i and j swap their ranks:
 * |gain_i - gain_j| * |1/log2(r_i + 2) - 1/log2(r_j + 2)| / IDCG; the value is sum(w * l) / P.
 *
 * <p>Time is proportional to the number of pairs, n^2 / 4 for n items with binary labels at worst:
 * 10^4 items take about 10^8 term evaluations.
 */
public abstract class PairwiseLoss extends RankingLoss {
    public static final Param LAMBDA_WEIGHTS = Param.choice("lambda_weights", "none",
            "none: every pair counts once; ndcg: pairs weighted by |delta NDCG| of swapping them (LambdaRank)",
            "none", "ndcg").hiddenWhenDefault();

    private final boolean lambda;

    protected PairwiseLoss(LossType type, Params params) {
        super(type, params);
        this.lambda = params.text("lambda_weights").equals("ndcg");
    }

    /** The loss of a pair whose preferred item leads by score difference d = s_i - s_j. */
    protected abstract double term(double d);

    @Override
    protected final double perQuery(Ranking q) {
        int n = q.retrieved();
        double idealDcg = lambda ? idealListDcg(q) : 1.0;
        long pairs = 0;
        double[] sum = new double[2];
        for (int i = 0; i < n; i++) {
            double ri = q.relevance(i);
            for (int j = 0; j < n; j++) {
                if (ri > q.relevance(j)) {
                    pairs++;
                    double w = 1.0;
                    if (lambda) {
                        w = idealDcg > 0 ? Math.abs(Gain.EXPONENTIAL.of(ri) - Gain.EXPONENTIAL.of(q.relevance(j)))
                                * Math.abs(Gain.discount(i) - Gain.discount(j)) / idealDcg : 0.0;
                    }
                    if (w != 0) {
                        Sums.add(sum, 0, w * term(q.score(i) - q.score(j)));
                    }
                }
            }
        }
        return pairs == 0 ? Double.NaN : Sums.value(sum, 0) / pairs;
    }

    /** The ideal DCG of the retrieved list's own relevances (exponential gain). */
    private static double idealListDcg(Ranking q) {
        int n = q.retrieved();
        double[] gains = new double[n];
        for (int r = 0; r < n; r++) {
            gains[r] = Gain.EXPONENTIAL.of(q.relevance(r));
        }
        java.util.Arrays.sort(gains);
        double[] sum = new double[2];
        for (int r = 0; r < n; r++) {
            Sums.add(sum, 0, gains[n - 1 - r] * Gain.discount(r));
        }
        return Sums.value(sum, 0);
    }
}
