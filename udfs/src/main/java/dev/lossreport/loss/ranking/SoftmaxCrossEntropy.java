package dev.lossreport.loss.ranking;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;
import dev.lossreport.loss.Sums;

/**
 * Listwise softmax cross-entropy (ListNet): over the retrieved items of a query, with targets
 * t_j = max(rel_j, 0) and L = sum(t), the value -sum_j (t_j / L) * log softmax(s)_j, computed as
 * sum_j t_j * (logsumexp(s) - s_j) / L with the maximum subtracted inside logsumexp. A query with
 * L = 0 (no relevant retrieved item) does not count. {@code listnet} is another name.
 */
public final class SoftmaxCrossEntropy extends RankingLoss {
    public static final LossType TYPE = LossType.named("softmax_cross_entropy")
            .formula("-sum_j (t_j / sum t) * log softmax(s)_j, t_j = max(rel_j, 0)")
            .domain(DOMAIN + "; a relevant retrieved item")
            .signature(Signature.SCALAR)
            .params(MeanLoss.REDUCTION)
            .build(SoftmaxCrossEntropy::new);

    private SoftmaxCrossEntropy(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double perQuery(Ranking q) {
        int n = q.retrieved();
        double max = Double.NEGATIVE_INFINITY;
        double[] mass = new double[2];
        for (int r = 0; r < n; r++) {
            max = Math.max(max, q.score(r));
            Sums.add(mass, 0, Math.max(q.relevance(r), 0.0));
        }
        double total = Sums.value(mass, 0);
        if (!(total > 0)) {
            return Double.NaN;
        }
        double[] exp = new double[2];
        for (int r = 0; r < n; r++) {
            Sums.add(exp, 0, Math.exp(q.score(r) - max));
        }
        double logSumExp = max + Math.log(Sums.value(exp, 0));
        double[] ce = new double[2];
        for (int r = 0; r < n; r++) {
            double t = Math.max(q.relevance(r), 0.0);
            if (t > 0) {
                Sums.add(ce, 0, t * (logSumExp - q.score(r)));
            }
        }
        return Sums.value(ce, 0) / total;
    }
}
