package dev.lossreport.loss;

/**
 * Compensated sums (Neumaier's, the error of each addition found by TwoSum) kept in two adjacent slots of a state array: {@code s[i]} is the running
 * sum, {@code s[i + 1]} the running compensation; the value is their sum. Merging two such sums keeps
 * the compensation of both, so the result does not depend on how rows were split across partitions.
 */
public final class Sums {
    private Sums() {
    }

    /**
     * Adds v: the exact rounding error of {@code sum + v} (Knuth's TwoSum, the error Neumaier's
     * branch computes, without the branch) goes to the compensation. An infinite sum makes the
     * compensation NaN, which {@link #value} and {@link #merge} ignore: the value is the sum itself.
     */
    public static void add(double[] s, int i, double v) {
        double sum = s[i];
        double t = sum + v;
        double vt = t - sum;
        s[i + 1] += (sum - (t - vt)) + (v - vt);
        s[i] = t;
    }

    /** Adds the compensated sum {@code t[j], t[j+1]} into {@code s[i], s[i+1]}. */
    public static void merge(double[] s, int i, double[] t, int j) {
        add(s, i, t[j]);
        if (Double.isFinite(t[j])) {
            s[i + 1] += t[j + 1];
        }
    }

    public static double value(double[] s, int i) {
        return Double.isFinite(s[i]) ? s[i] + s[i + 1] : s[i];
    }
}
