package dev.lossreport.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The Aggregator buffer: a bean around the loss state, because Spark's Java API has no encoder for a
 * bare {@code double[]} but encodes a bean's array field natively. Quantile losses also collect the
 * (value, weight) pairs of their rows here, to sort them when the group is finished.
 */
public class LossBuffer implements Serializable {
    private double[] state;
    private double[] ordered = new double[0];
    private int orderedCount;

    public LossBuffer() {
    }

    public LossBuffer(double[] state) {
        this.state = state;
    }

    public double[] getState() {
        return state;
    }

    public void setState(double[] state) {
        this.state = state;
    }

    /** Pairs (value, weight) of a quantile loss's rows; only the first {@link #getOrderedCount()} pairs are used. */
    public double[] getOrdered() {
        return ordered;
    }

    public void setOrdered(double[] ordered) {
        this.ordered = ordered;
    }

    public int getOrderedCount() {
        return orderedCount;
    }

    public void setOrderedCount(int orderedCount) {
        this.orderedCount = orderedCount;
    }

    void addOrdered(double value, double weight) {
        ensure(orderedCount + 1);
        ordered[2 * orderedCount] = value;
        ordered[2 * orderedCount + 1] = weight;
        orderedCount++;
    }

    void addOrdered(LossBuffer other) {
        ensure(orderedCount + other.orderedCount);
        System.arraycopy(other.ordered, 0, ordered, 2 * orderedCount, 2 * other.orderedCount);
        orderedCount += other.orderedCount;
    }

    private void ensure(int pairs) {
        if (ordered.length < 2 * pairs) {
            ordered = Arrays.copyOf(ordered, Math.max(2 * pairs, 2 * ordered.length));
        }
    }
}
