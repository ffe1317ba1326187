package dev.lossreport.loss.ranking;

import dev.lossreport.loss.EntityRows;

import java.util.Arrays;

/**
 * One query as the ranking metrics see it, built once per query from its rows.
 *
 * <p>A row is an item: <em>retrieved</em> when it has a score (the prediction), <em>judged</em> when
 * it has a relevance (the label). Retrieved items are ranked by score descending; equal scores keep
 * the order the rows arrive in, item id descending (trec_eval's order), so the ranking does not depend
 * on how the data was partitioned. A retrieved item that is not judged has relevance 0; a judged item
 * that is not retrieved has no rank but counts among the query's relevant items. An item is relevant
 * when its relevance is > 0 (trec_eval's default level 1 for integer grades).
 *
 * <p>The query does not count (every metric is NaN) when it has no judgment at all (trec_eval does
 * not evaluate it), or when a score or a relevance is NaN or infinite.
 */
public final class Ranking {
    private static final Ranking INVALID = new Ranking(false, new double[0], new double[0], new double[0]);

    private final boolean valid;
    private final double[] scores;
    private final double[] relevance;
    private final double[] ideal;

    private Ranking(boolean valid, double[] scores, double[] relevance, double[] ideal) {
        this.valid = valid;
        this.scores = scores;
        this.relevance = relevance;
        this.ideal = ideal;
    }

    public static Ranking of(EntityRows rows) {
        int n = rows.size();
        int[] order = new int[n];
        double[] score = new double[n];
        double[] positives = new double[n];
        int retrieved = 0;
        int judged = 0;
        int relevant = 0;
        for (int i = 0; i < n; i++) {
            if (rows.hasPrediction(i)) {
                double s = rows.prediction(i);
                if (!Double.isFinite(s)) {
                    return INVALID;
                }
                score[i] = s;
                order[retrieved++] = i;
            }
            if (rows.hasLabel(i)) {
                double l = rows.label(i);
                if (!Double.isFinite(l)) {
                    return INVALID;
                }
                judged++;
                if (l > 0) {
                    positives[relevant++] = l;
                }
            }
        }
        if (judged == 0) {
            return INVALID;
        }
        sortByScoreDescending(order, retrieved, score);
        double[] scores = new double[retrieved];
        double[] relevance = new double[retrieved];
        for (int r = 0; r < retrieved; r++) {
            int i = order[r];
            scores[r] = score[i];
            relevance[r] = rows.hasLabel(i) ? rows.label(i) : 0.0;
        }
        double[] ideal = Arrays.copyOf(positives, relevant);
        Arrays.sort(ideal);
        for (int a = 0, b = relevant - 1; a < b; a++, b--) {
            double t = ideal[a];
            ideal[a] = ideal[b];
            ideal[b] = t;
        }
        return new Ranking(true, scores, relevance, ideal);
    }

    /** Whether the query counts: it has judgments, and every score and relevance is finite. */
    public boolean valid() {
        return valid;
    }

    /** Retrieved items (trec_eval's num_ret). */
    public int retrieved() {
        return scores.length;
    }

    /** Judged items with relevance > 0, retrieved or not (trec_eval's num_rel). */
    public int relevant() {
        return ideal.length;
    }

    /** Score of the item at 0-based rank r. */
    public double score(int r) {
        return scores[r];
    }

    /** Relevance of the item at 0-based rank r; 0 when it is not judged. */
    public double relevance(int r) {
        return relevance[r];
    }

    public boolean isRelevant(int r) {
        return relevance[r] > 0;
    }

    /** The relevance of the query's i-th best judged item (0-based), i < {@link #relevant()}. */
    public double idealRelevance(int i) {
        return ideal[i];
    }

    /** Relevant items among the top {@code k} ranks (all retrieved items when k exceeds them). */
    public int hits(int k) {
        int h = 0;
        for (int r = 0, end = Math.min(k, scores.length); r < end; r++) {
            if (relevance[r] > 0) {
                h++;
            }
        }
        return h;
    }

    /**
     * Sorts the first {@code n} row indices by score descending; equal scores keep their order (a
     * stable bottom-up merge sort: the JDK has no primitive sort with a comparator).
     */
    static void sortByScoreDescending(int[] idx, int n, double[] score) {
        int[] a = idx;
        int[] b = new int[n];
        for (long width = 1; width < n; width *= 2) {
            for (long lo = 0; lo < n; lo += 2 * width) {
                int mid = (int) Math.min(lo + width, n);
                int hi = (int) Math.min(lo + 2 * width, n);
                int i = (int) lo;
                int j = mid;
                int k = (int) lo;
                while (i < mid && j < hi) {
                    b[k++] = score[a[j]] > score[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        if (a != idx) {
            System.arraycopy(a, 0, idx, 0, n);
        }
    }
}
