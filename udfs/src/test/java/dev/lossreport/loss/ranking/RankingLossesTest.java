package dev.lossreport.loss.ranking;

import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.EntityRows;
import dev.lossreport.loss.Losses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-query values derived by hand. Rows are listed in the order the job delivers them (item id
 * descending); a null score is an item judged but not retrieved, a null relevance an item retrieved
 * but not judged.
 */
class RankingLossesTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    /**
     * Five retrieved items already in score order with relevance 1, 0, 1, unjudged, 0, and a relevant
     * item that was not retrieved: R = 3, hits at ranks 1 and 3.
     */
    private static EntityRows mixed() {
        return EntityRows.of(new Double[]{0.9, 0.8, 0.7, 0.6, 0.5, null}, new Double[]{1.0, 0.0, 1.0, null, 0.0, 1.0});
    }

    /** Graded: scores 3, 2, 1 with relevance 0, 2, 3. */
    private static EntityRows graded() {
        return EntityRows.of(new Double[]{3.0, 2.0, 1.0}, new Double[]{0.0, 2.0, 3.0});
    }

    /** Scores 2, 1, 0 with relevance 1, 0, 2: pairs (rank 1 over 2, d = 1), (3 over 1, d = -2), (3 over 2, d = -1). */
    private static EntityRows pairs() {
        return EntityRows.of(new Double[]{2.0, 1.0, 0.0}, new Double[]{1.0, 0.0, 2.0});
    }

    static Stream<Arguments> cases() {
        double idealMixed = 1 + 1 / LOG2_3 + 0.5;
        double softplus1 = Math.log1p(Math.exp(-1));
        double softplusM2 = Math.log1p(Math.exp(2));
        double softplusM1 = Math.log1p(Math.exp(1));
        double idealPairs = 3 + 1 / LOG2_3; // exponential gains 3, 1, 0 best first
        double lambda = (Math.abs(1 - 1 / LOG2_3) * softplus1 + 1.0 * softplusM2 + 3 * Math.abs(0.5 - 1 / LOG2_3) * softplusM1)
                / idealPairs / 3;
        return Stream.of(
                row("precision(k=3)", mixed(), 2 / 3.0),
                row("precision", mixed(), 2 / 10.0),
                row("recall(k=3)", mixed(), 2 / 3.0),
                row("recall(k=1)", mixed(), 1 / 3.0),
                row("map", mixed(), (1 + 2 / 3.0) / 3),
                row("map(k=2)", mixed(), 1 / 2.0),
                row("mrr", mixed(), 1.0),
                row("r_precision", mixed(), 2 / 3.0),
                row("hit_rate(k=1)", mixed(), 1.0),
                row("num_ret", mixed(), 5.0),
                row("num_rel", mixed(), 3.0),
                row("num_rel_ret", mixed(), 2.0),
                row("dcg", mixed(), 1 + 0.5),
                row("ndcg", mixed(), 1.5 / idealMixed),
                row("ndcg(k=2)", mixed(), 1 / (1 + 1 / LOG2_3)),
                row("dcg(gain=exponential)", graded(), 3 / LOG2_3 + 7 / 2.0),
                row("dcg(gain=linear)", graded(), 2 / LOG2_3 + 3 / 2.0),
                row("ndcg", graded(), (3 / LOG2_3 + 3.5) / (7 + 3 / LOG2_3)),
                row("ndcg(gain=linear)", graded(), (2 / LOG2_3 + 1.5) / (3 + 2 / LOG2_3)),
                row("mrr", graded(), 1 / 2.0),
                // a negative grade gains nothing: ideal DCG 3, DCG 3 / log2(3)
                row("ndcg", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{-1.0, 2.0}), 1 / LOG2_3),
                // ... but is a preference: one pair, d = 1 - 2
                row("pairwise_hinge", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{-1.0, 2.0}), 2.0),
                row("pairwise_hinge", pairs(), (0 + 3 + 2) / 3.0),
                row("pairwise_logistic", pairs(), (softplus1 + softplusM2 + softplusM1) / 3),
                row("ranknet", pairs(), (softplus1 + softplusM2 + softplusM1) / 3),
                row("lambdarank", pairs(), lambda),
                row("softmax_cross_entropy", EntityRows.of(new Double[]{1.0, 3.0, 2.0}, new Double[]{0.0, 0.0, 1.0}),
                        Math.log(Math.E + Math.exp(3) + Math.exp(2)) - 2),
                row("listnet", EntityRows.of(new Double[]{1.0, 3.0, 2.0}, new Double[]{0.0, 1.0, 1.0}),
                        Math.log(Math.E + Math.exp(3) + Math.exp(2)) - 2.5),
                // all scores tied: the order is the delivery order (item id descending), the relevant item is last
                row("mrr", EntityRows.of(new Double[]{1.0, 1.0, 1.0}, new Double[]{0.0, 0.0, 1.0}), 1 / 3.0),
                row("precision(k=1)", EntityRows.of(new Double[]{1.0, 1.0, 1.0}, new Double[]{1.0, 0.0, 0.0}), 1.0),
                // a perfect list shorter than k
                row("ndcg(k=10)", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{3.0, 1.0}), 1.0),
                row("map(k=10)", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{3.0, 1.0}), 1.0),
                // more relevant items than k, all in the top k
                row("ndcg(k=2)", EntityRows.of(new Double[]{4.0, 3.0, 2.0, 1.0}, new Double[]{1.0, 1.0, 1.0, 1.0}), 1.0),
                // no relevant item: 0, and the query counts
                row("ndcg", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{0.0, 0.0}), 0.0),
                row("map", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{0.0, -1.0}), 0.0),
                row("recall", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{0.0, 0.0}), 0.0),
                row("r_precision", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{0.0, 0.0}), 0.0),
                // a query only in the judgments: nothing retrieved
                row("precision(k=5)", EntityRows.of(new Double[]{null, null}, new Double[]{1.0, 0.0}), 0.0),
                row("map", EntityRows.of(new Double[]{null, null}, new Double[]{1.0, 0.0}), 0.0),
                row("ndcg", EntityRows.of(new Double[]{null, null}, new Double[]{1.0, 0.0}), 0.0),
                row("num_ret", EntityRows.of(new Double[]{null, null}, new Double[]{1.0, 0.0}), 0.0),
                row("num_rel", EntityRows.of(new Double[]{null, null}, new Double[]{1.0, 0.0}), 1.0));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("cases")
    void matchesHandDerivedValue(String spec, EntityRows rows, double expected) {
        EntityLoss loss = (EntityLoss) Losses.parse(spec);
        assertEquals(expected, loss.entityValue(rows), Math.abs(expected) * 1e-14 + 1e-15, spec);
    }

    static Stream<Arguments> notCounted() {
        return Stream.of(
                // no judgment at all (trec_eval does not evaluate the query)
                row("map", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{null, null}), Double.NaN),
                row("num_ret", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{null, null}), Double.NaN),
                row("ndcg", EntityRows.of(new Double[]{Double.NaN, 1.0}, new Double[]{1.0, 0.0}), Double.NaN),
                row("ndcg", EntityRows.of(new Double[]{Double.POSITIVE_INFINITY, 1.0}, new Double[]{1.0, 0.0}), Double.NaN),
                row("precision", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{Double.NaN, 1.0}), Double.NaN),
                // pairwise: no pair with different relevance; softmax: no relevant retrieved item
                row("pairwise_hinge", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{1.0, 1.0}), Double.NaN),
                row("pairwise_logistic", EntityRows.of(new Double[]{null, null}, new Double[]{1.0, 0.0}), Double.NaN),
                row("softmax_cross_entropy", EntityRows.of(new Double[]{2.0, 1.0}, new Double[]{0.0, -1.0}), Double.NaN));
    }

    @ParameterizedTest(name = "{0} does not count")
    @MethodSource("notCounted")
    void queriesThatCannotCountAreNaN(String spec, EntityRows rows, double ignored) {
        assertTrue(Double.isNaN(((EntityLoss) Losses.parse(spec)).entityValue(rows)), spec);
    }

    @Test
    void ndcgStaysWithinZeroAndOne() {
        Random r = new Random(5);
        for (int t = 0; t < 200; t++) {
            int n = 1 + r.nextInt(30);
            Double[] s = new Double[n];
            Double[] l = new Double[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(4) == 0 ? null : (double) r.nextInt(5);
                l[i] = r.nextInt(4) == 0 ? null : (double) (r.nextInt(6) - 1);
            }
            l[0] = 1.0;
            for (String spec : List.of("ndcg", "ndcg(k=3)", "ndcg(gain=linear,k=5)")) {
                double v = ((EntityLoss) Losses.parse(spec)).entityValue(EntityRows.of(s, l));
                assertTrue(v >= 0 && v <= 1 + 1e-15, spec + " = " + v);
            }
        }
    }

    @Test
    void sortIsByScoreDescendingThenDeliveryOrder() {
        Random r = new Random(9);
        for (int n : new int[]{0, 1, 2, 3, 17, 1000, 4099}) {
            double[] score = new double[n];
            List<Integer> boxed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                score[i] = r.nextInt(50) / 7.0;
                boxed.add(i);
            }
            boxed.sort(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i));
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            Ranking.sortByScoreDescending(idx, n, score);
            assertArrayEquals(boxed.stream().mapToInt(Integer::intValue).toArray(), idx, "n = " + n);
        }
    }

    private static Arguments row(String spec, EntityRows rows, double expected) {
        return Arguments.of(spec, rows, expected);
    }
}
