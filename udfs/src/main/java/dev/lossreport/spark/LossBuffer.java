package dev.lossreport.spark;

import java.io.Serializable;

/**
 * The Aggregator buffer: a bean around the loss state, because Spark's Java API has no encoder for a
 * bare {@code double[]} but encodes a bean's array field natively.
 */
public class LossBuffer implements Serializable {
    private double[] state;

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
}
