package dev.lossreport.loss;

/**
 * The family of losses finished from weighted first and second moments of the label y and of the
 * error e = prediction - label, plus the compensated sum of w * e^2 (R^2, error variance, explained
 * variance).
 *
 * <p>Moments are kept as weighted Welford states shifted by the first value each partition saw
 * (K, mean of x - K, M2); shifting keeps labels near 1e9 as accurate as labels near 0, and two states
 * are merged with Chan's formula after aligning their shifts, so the result does not depend on how
 * rows were split. Identical values give a variance of exactly 0.
 */
public abstract class MomentLoss extends Loss {
    private static final int Y = HEADER;       // K, mean, M2 of the label
    private static final int E = HEADER + 3;   // K, mean, M2 of the error
    private static final int SSE = HEADER + 6; // compensated sum of w * e^2

    protected MomentLoss(LossType type, Params params) {
        super(type, params);
    }

    /** The moments of a slice, as a finished loss reads them. */
    public record Moments(long rows, double weightSum, double labelMean, double labelM2,
                          double errorMean, double errorM2, double squaredErrorSum) {
    }

    /** The slice value from its moments; null when undefined. */
    protected abstract Double finish(Moments m);

    @Override
    public final boolean inDomain(Example x) {
        return !x.predictionIsVector && Double.isFinite(x.prediction) && Double.isFinite(x.label);
    }

    /** Every moment loss keeps the same moments of the same rows: R^2, explained and error variance of one binding share them. */
    @Override
    public final boolean sharesStateWith(Loss other) {
        return other instanceof MomentLoss;
    }

    @Override
    protected final int familyWidth() {
        return 8;
    }

    @Override
    protected final void accumulate(double[] s, int o, Example x) {
        double y = x.label;
        double e = x.prediction - x.label;
        double w = x.weight;
        if (s[o + ROWS] == 1) {
            s[o + Y] = y;
            s[o + E] = e;
        }
        double total = weightSum(s, o);
        if (w == 0 || total == 0) {
            return;
        }
        // One division for both moments: the row's share of the slice's weight.
        double share = w / total;
        welford(s, o + Y, y, w, share);
        welford(s, o + E, e, w, share);
        Sums.add(s, o + SSE, w * e * e);
    }

    private static void welford(double[] s, int i, double x, double w, double share) {
        double delta = (x - s[i]) - s[i + 1];
        s[i + 1] += delta * share;
        s[i + 2] += w * delta * ((x - s[i]) - s[i + 1]);
    }

    @Override
    protected final void combine(double[] s, int o, double[] t, int to) {
        if (t[to + ROWS] == 0) {
            return;
        }
        if (s[o + ROWS] == 0) {
            System.arraycopy(t, to + HEADER, s, o + HEADER, familyWidth());
            return;
        }
        double wa = weightSum(s, o);
        double wb = weightSum(t, to);
        chan(s, o + Y, t, to + Y, wa, wb);
        chan(s, o + E, t, to + E, wa, wb);
        Sums.merge(s, o + SSE, t, to + SSE);
    }

    private static void chan(double[] s, int i, double[] t, int j, double wa, double wb) {
        double total = wa + wb;
        if (total == 0) {
            return;
        }
        double meanB = t[j + 1] + (t[j] - s[i]); // b's mean relative to a's shift
        double delta = meanB - s[i + 1];
        s[i + 1] += delta * (wb / total);
        s[i + 2] += t[j + 2] + delta * delta * (wa * wb / total);
    }

    /** The label's weighted sum of squared deviations, sum(w * (y - mean_w(y))^2): scikit-learn's SS_tot. */
    public static double labelSumOfSquares(double[] s, int o) {
        return s[o + Y + 2];
    }

    @Override
    public final Double value(double[] s, int o) {
        Moments m = new Moments(rows(s, o), weightSum(s, o),
                s[o + Y] + s[o + Y + 1], s[o + Y + 2],
                s[o + E] + s[o + E + 1], s[o + E + 2],
                Sums.value(s, o + SSE));
        if (m.rows() == 0 || !(m.weightSum() > 0)) {
            return null;
        }
        Double v = finish(m);
        return v == null || Double.isNaN(v) ? null : v;
    }
}
