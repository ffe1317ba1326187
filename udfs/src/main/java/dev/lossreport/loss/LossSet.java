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
    /** Per binding: its mean-family losses (the hot layout's sums, in this order), or none. */
    private final int[][] meanOf;
    /** Per binding: where its hot block starts (the hot blocks come first, the standard layout after them), or -1. */
    private final int[] hotAt;
    private final boolean[] hot;
    private final int hotWidth;

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
        int bindings = 0;
        for (int b : inputOf) {
            bindings = Math.max(bindings, b + 1);
        }
        meanOf = new int[bindings][];
        hotAt = new int[bindings];
        hot = new boolean[this.losses.length];
        int h = 0;
        for (int b = 0; b < bindings; b++) {
            List<Integer> means = new java.util.ArrayList<>();
            for (int i = 0; i < this.losses.length; i++) {
                if (inputOf[i] == b && this.losses[i] instanceof MeanLoss) {
                    means.add(i);
                    hot[i] = true;
                }
            }
            meanOf[b] = means.stream().mapToInt(Integer::intValue).toArray();
            hotAt[b] = means.isEmpty() ? -1 : h;
            h += means.isEmpty() ? 0 : 3 + 2 * means.size();
        }
        this.hotWidth = h;
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
            updateOne(i, states, count, inputs[inputOf[i]], 0);
        }
    }

    private void updateOne(int i, double[][] states, int count, Example x, int base) {
        Loss loss = losses[i];
        int o = base + offsets[i];
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
            return;
        }
        int kind = loss.classify(x);
        double term = kind == Loss.COUNTS ? loss.term(x) : 0;
        for (int k = 0; k < count; k++) {
            loss.apply(states[k], o, x, kind, term);
        }
    }

    /**
     * Doubles the hot layout puts before the standard one ({@link #updateHot}), so that a row's slots
     * share cache lines with the array's header: per input binding read by
     * mean-family losses, its counted rows, their compensated weight sum and each such loss's
     * compensated sum of w * l.
     */
    public int hotWidth() {
        return hotWidth;
    }

    /**
     * {@link #update(double[][], int, Example[])} for buffers of {@code hotWidth() + width()} doubles,
     * the standard layout starting at {@code hotWidth()}:
     * a row that every mean-family loss of its binding counts adds its row, its weight once and one
     * sum per loss to the binding's hot block, contiguous slots a row touches instead of a header
     * per loss; any other row (masked, refused by one of them) and every other loss go to the
     * standard layout as {@code update} would. {@link #foldHot} turns the hot block back into the
     * standard layout, exactly as merging two states. {@code values} is scratch of {@link #size()}.
     */
    public void updateHot(double[][] states, int count, Example[] inputs, double[] values) {
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i]) {
                updateOne(i, states, count, inputs[inputOf[i]], hotWidth);
            }
        }
        for (int b = 0; b < meanOf.length; b++) {
            int[] means = meanOf[b];
            if (means.length == 0) {
                continue;
            }
            Example x = inputs[b];
            boolean counted = !x.masked && !x.maskInvalid && x.weightValid();
            for (int j = 0; counted && j < means.length; j++) {
                values[j] = ((MeanLoss) losses[means[j]]).evaluate(x);
                counted = !Double.isNaN(values[j]);
            }
            if (!counted) {
                for (int i : means) {
                    updateOne(i, states, count, x, hotWidth);
                }
                continue;
            }
            int h = hotAt[b];
            double w = x.weight;
            for (int k = 0; k < count; k++) {
                double[] s = states[k];
                s[h] += 1;
                Sums.add(s, h + 1, w);
                if (w != 0) {
                    for (int j = 0; j < means.length; j++) {
                        Sums.add(s, h + 3 + 2 * j, w * values[j]);
                    }
                }
            }
        }
    }

    /** Adds the hot block of a {@link #updateHot} buffer into its standard layout and clears it. */
    public void foldHot(double[] s) {
        for (int b = 0; b < meanOf.length; b++) {
            int h = hotAt[b];
            if (h < 0 || s[h] == 0) {
                continue;
            }
            for (int j = 0; j < meanOf[b].length; j++) {
                int o = hotWidth + offsets[meanOf[b][j]];
                s[o + Loss.ROWS] += s[h];
                Sums.merge(s, o + Loss.WEIGHT, s, h + 1);
                Sums.merge(s, o + MeanLoss.SUM, s, h + 3 + 2 * j);
            }
            java.util.Arrays.fill(s, h, h + 3 + 2 * meanOf[b].length, 0);
        }
    }

    public void merge(double[] s, int base, double[] t, int tbase) {
        for (int i = 0; i < losses.length; i++) {
            losses[i].merge(s, base + offsets[i], t, tbase + offsets[i]);
        }
    }
}
