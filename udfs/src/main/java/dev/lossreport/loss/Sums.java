package dev.lossreport.loss;

/**
 * Compensated (Neumaier) sums kept in two adjacent slots of a state array: {@code s[i]} is the running
 * sum, {@code s[i + 1]} the running compensation; the value is their sum. Merging two such sums keeps
 * the compensation of both, so the result does not depend on how rows were split across partitions.
 */
public final class Sums {
    private Sums() {
    }

    public static void add(double[] s, int i, double v) {
        double sum = s[i];
        double t = sum + v;
        if (!Double.isFinite(t)) {
            // An infinite term (a certain wrong prediction with eps = 0) makes the sum infinite;
            // compensating it would turn it into NaN.
            s[i] = t;
            return;
        }
        if (Math.abs(sum) >= Math.abs(v)) {
            s[i + 1] += (sum - t) + v;
        } else {
            s[i + 1] += (v - t) + sum;
        }
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
