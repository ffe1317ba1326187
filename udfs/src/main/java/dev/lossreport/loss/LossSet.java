package dev.lossreport.loss;

import java.io.Serializable;
import java.util.List;

/**
 * Several losses sharing one state buffer: loss i reads input binding {@code inputOf[i]} and owns the
 * slots {@code [offset(i), offset(i) + width)}. One update per row fills every loss's state, one merge
 * combines two buffers: the fused pass of the job and the multi-loss Aggregator both use this.
 */
public final class LossSet implements Serializable {
    private final Loss[] losses;
    private final int[] inputOf;
    private final int[] offsets;
    private final int width;

    public LossSet(List<Loss> losses, int[] inputOf) {
        if (losses.size() != inputOf.length) {
            throw new IllegalArgumentException("one input binding per loss");
        }
        this.losses = losses.toArray(Loss[]::new);
        this.inputOf = inputOf.clone();
        this.offsets = new int[this.losses.length];
        int w = 0;
        for (int i = 0; i < this.losses.length; i++) {
            offsets[i] = w;
            w += this.losses[i].width();
        }
        this.width = w;
    }

    public int size() {
        return losses.length;
    }

    public Loss loss(int i) {
        return losses[i];
    }

    /** The input binding loss i reads. */
    public int inputOf(int i) {
        return inputOf[i];
    }

    public int offset(int i) {
        return offsets[i];
    }

    /** Doubles per slice for all losses together. */
    public int width() {
        return width;
    }

    public void update(double[] s, int base, Example[] inputs) {
        for (int i = 0; i < losses.length; i++) {
            losses[i].update(s, base + offsets[i], inputs[inputOf[i]]);
        }
    }

    /**
     * Adds one row to the states of all the slices it belongs to ({@code states[0..count)}, each a
     * buffer of this set): every loss decides and computes the row once, then adds it to each state.
     */
    public void update(double[][] states, int count, Example[] inputs) {
        for (int i = 0; i < losses.length; i++) {
            Loss loss = losses[i];
            Example x = inputs[inputOf[i]];
            int o = offsets[i];
            if (loss instanceof MeanLoss mean) {
                // Most losses: one call for domain and value, the adds inline (Loss.apply's rules).
                double value = x.masked || x.maskInvalid || !x.weightValid() ? Double.NaN : mean.evaluate(x);
                if (Double.isNaN(value)) {
                    // Rare: decide by the general rules, so a NaN value is treated exactly as apply() would.
                    int kind = loss.classify(x);
                    double term = kind == Loss.COUNTS ? loss.term(x) : 0;
                    for (int k = 0; k < count; k++) {
                        loss.apply(states[k], o, x, kind, term);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        mean.addCounted(states[k], o, x.weight, value);
                    }
                }
                continue;
            }
            int kind = loss.classify(x);
            double term = kind == Loss.COUNTS ? loss.term(x) : 0;
            for (int k = 0; k < count; k++) {
                loss.apply(states[k], o, x, kind, term);
            }
        }
    }

    public void merge(double[] s, int base, double[] t, int tbase) {
        for (int i = 0; i < losses.length; i++) {
            losses[i].merge(s, base + offsets[i], t, tbase + offsets[i]);
        }
    }
}
