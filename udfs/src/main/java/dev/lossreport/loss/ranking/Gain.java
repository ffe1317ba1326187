package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Param;
import dev.lossreport.loss.Sums;

/**
 * The gain of a relevance grade in DCG: {@code exponential} 2^rel - 1 (Spark MLlib, TF-Ranking) or
 * {@code linear} rel (trec_eval, scikit-learn, TFMA). A grade <= 0 gains nothing, so negative
 * judgments (trec's -1) cannot make a DCG negative (trec_eval does the same). The discount of
 * 0-based rank r is 1 / log2(r + 2).
 */
public enum Gain {
    EXPONENTIAL, LINEAR;

    public static final Param PARAM = Param.choice("gain", "exponential",
            "exponential: 2^rel - 1 (Spark, TF-Ranking); linear: rel (trec_eval, scikit-learn)", "exponential", "linear");

    private static final double LN2 = Math.log(2);

    public static Gain of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    public double of(double relevance) {
        if (!(relevance > 0)) {
            return 0.0;
        }
        return this == LINEAR ? relevance : Math.expm1(relevance * LN2);
    }

    public static double discount(int rank) {
        return LN2 / Math.log(rank + 2.0);
    }

    /** DCG of the top {@code depth} ranks of a query. */
    public double dcg(Ranking q, int depth) {
        double[] sum = new double[2];
        for (int r = 0; r < depth; r++) {
            Sums.add(sum, 0, of(q.relevance(r)) * discount(r));
        }
        return Sums.value(sum, 0);
    }

    /** The ideal DCG at cutoff k (null: no cutoff): the query's best min(k, relevant) judgments, best first. */
    public double idealDcg(Ranking q, Integer k) {
        int depth = k == null ? q.relevant() : Math.min(k, q.relevant());
        double[] sum = new double[2];
        for (int r = 0; r < depth; r++) {
            Sums.add(sum, 0, of(q.idealRelevance(r)) * discount(r));
        }
        return Sums.value(sum, 0);
    }
}
