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
    /** Per binding: where its hot block starts in a lean block, or -1. */
    private final int[] hotAt;
    private final boolean[] hot;
    private final int hotWidth;
    /** Per loss that is not in a hot block: where its standard slots sit in a lean block. */
    private final int[] leanOffsets;
    /** Per loss: the earlier loss of its binding whose lean slots it shares ({@link Loss#sharesStateWith}), or -1. */
    private final int[] sharesWith;
    private final int leanWidth;
    /** Per binding: its mean-family losses' {@link MeanKernel}, made on first use where the set is used (it is not serialized). */
    private transient volatile MeanKernel[] kernels;

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
        leanOffsets = new int[this.losses.length];
        sharesWith = new int[this.losses.length];
        java.util.Arrays.fill(sharesWith, -1);
        for (int i = 0; i < this.losses.length; i++) {
            if (hot[i]) {
                continue;
            }
            for (int j = 0; j < i && sharesWith[i] < 0; j++) {
                if (!hot[j] && sharesWith[j] < 0 && inputOf[j] == inputOf[i] && this.losses[i].width() == this.losses[j].width()
                        && this.losses[i].sharesStateWith(this.losses[j])) {
                    sharesWith[i] = j;
                    leanOffsets[i] = leanOffsets[j];
                }
            }
            if (sharesWith[i] < 0) {
                leanOffsets[i] = h;
                h += this.losses[i].width();
            }
        }
        this.leanWidth = h;
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
            updateOne(i, states, count, inputs[inputOf[i]]);
        }
    }

    private void updateOne(int i, double[][] states, int count, Example x) {
        Loss loss = losses[i];
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
            return;
        }
        int kind = loss.classify(x);
        double term = kind == Loss.COUNTS ? loss.term(x) : 0;
        for (int k = 0; k < count; k++) {
            loss.apply(states[k], o, x, kind, term);
        }
    }

    /**
     * The engine's slice state (both stages of the pass, and the shuffled partial between them) is a
     * <em>lean block</em> of {@link #leanWidth()} doubles and, only for a slice that met a row some
     * mean-family loss did not count, a <em>cold state</em> in the standard layout ({@link #width()}).
     * The lean block holds, per input binding read by mean-family losses, a hot block (its counted
     * rows, their compensated weight sum and each such loss's compensated sum of w * l: contiguous
     * slots a counted row touches instead of a header per loss), then the standard slots of every
     * other loss, kept once for losses of a binding that share their state (the moment losses: R^2,
     * explained and error variance). A cold state holds what a mean-family loss did outside the hot block (refused,
     * masked, or counted while another loss of its binding refused the row); its other slots stay 0.
     * {@link #standard} turns the two into the standard state, exactly as merging two states.
     */
    public int leanWidth() {
        return leanWidth;
    }

    /** Doubles of the hot blocks at the start of a lean block. */
    public int hotWidth() {
        return hotWidth;
    }

    /** Where the cold state of a slice is, created (zeroed, {@link #width()} doubles) on first use. */
    public interface ColdStates {
        /** The cold state of the k-th slice of an {@link #updateLean} call. */
        double[] cold(int k);
    }

    /**
     * {@link #update(double[][], int, Example[])} for lean blocks at {@code blocks[k][bases[k]..]},
     * k in [0, count): a row that every mean-family loss of its binding counts adds its row, its
     * weight once and one sum per loss to the binding's hot block; any other row goes to those
     * losses' cold states; every other loss updates its slots in the lean block.
     * {@code values} is scratch of {@link #size()} doubles. Returns whether some loss refused the row.
     */
    public boolean updateLean(double[][] blocks, int[] bases, int count, Example[] inputs, double[] values, ColdStates cold) {
        MeanKernel[] kernels = kernels();
        boolean refused = false;
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i] && sharesWith[i] < 0) {
                Loss loss = losses[i];
                Example x = inputs[inputOf[i]];
                int kind = loss.classify(x);
                refused |= kind == Loss.REFUSED;
                double term = kind == Loss.COUNTS ? loss.term(x) : 0;
                int o = leanOffsets[i];
                for (int k = 0; k < count; k++) {
                    loss.apply(blocks[k], bases[k] + o, x, kind, term);
                }
            }
        }
        for (int b = 0; b < meanOf.length; b++) {
            int[] means = meanOf[b];
            if (means.length == 0) {
                continue;
            }
            Example x = inputs[b];
            boolean counted = !x.masked && !x.maskInvalid && x.weightValid() && kernels[b].evaluate(x, values);
            if (!counted) {
                for (int i : means) {
                    Loss loss = losses[i];
                    int kind = loss.classify(x);
                    refused |= kind == Loss.REFUSED;
                    double term = kind == Loss.COUNTS ? loss.term(x) : 0;
                    for (int k = 0; k < count; k++) {
                        loss.apply(cold.cold(k), offsets[i], x, kind, term);
                    }
                }
                continue;
            }
            kernels[b].addCounted(blocks, bases, count, hotAt[b], x.weight, values);
        }
        return refused;
    }

    /**
     * Whether some loss refuses the row ({@link Loss#classify}), computing no value: for a row that
     * updates no state where it is read (every slicing passes it through), but whose reasons are
     * tallied there.
     */
    public boolean refuses(Example[] inputs) {
        MeanKernel[] kernels = kernels();
        for (int b = 0; b < meanOf.length; b++) {
            Example x = inputs[b];
            if (meanOf[b].length > 0 && !x.masked && (x.maskInvalid || !x.weightValid() || !kernels[b].inDomain(x))) {
                return true;
            }
        }
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i] && losses[i].classify(inputs[inputOf[i]]) == Loss.REFUSED) {
                return true;
            }
        }
        return false;
    }

    private MeanKernel[] kernels() {
        MeanKernel[] k = kernels;
        if (k == null) {
            k = new MeanKernel[meanOf.length];
            for (int b = 0; b < k.length; b++) {
                MeanLoss[] means = new MeanLoss[meanOf[b].length];
                for (int j = 0; j < means.length; j++) {
                    means[j] = (MeanLoss) losses[meanOf[b][j]];
                }
                k[b] = MeanKernel.of(means);
            }
            kernels = k;
        }
        return k;
    }

    /** Merges the lean block at {@code t[tbase..]} into the one at {@code s[base..]} (cold states merge with {@link #merge}). */
    public void mergeLean(double[] s, int base, double[] t, int tbase) {
        mergeLean(s, base, t, tbase, false);
    }

    /**
     * {@link #mergeLean} into the lean block of a larger slice that is a union of such slices, with
     * each loss's {@link Loss#rollUp} (cold states, which hold mean-family slots only, merge as usual).
     */
    public void rollUpLean(double[] s, int base, double[] t, int tbase) {
        mergeLean(s, base, t, tbase, true);
    }

    private void mergeLean(double[] s, int base, double[] t, int tbase, boolean rollUp) {
        for (int b = 0; b < meanOf.length; b++) {
            int h = hotAt[b];
            if (h < 0) {
                continue;
            }
            s[base + h] += t[tbase + h];
            for (int j = 0; j < 1 + meanOf[b].length; j++) {
                Sums.merge(s, base + h + 1 + 2 * j, t, tbase + h + 1 + 2 * j);
            }
        }
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i] && sharesWith[i] < 0) {
                if (rollUp) {
                    losses[i].rollUp(s, base + leanOffsets[i], t, tbase + leanOffsets[i]);
                } else {
                    losses[i].merge(s, base + leanOffsets[i], t, tbase + leanOffsets[i]);
                }
            }
        }
    }

    /** The standard state of a slice from its lean block at {@code lean[base..]} and its cold state (or null). */
    public double[] standard(double[] lean, int base, double[] cold) {
        return standard(lean, base, cold, new double[width]);
    }

    /** {@link #standard(double[], int, double[])} written into {@code s} ({@link #width()} doubles, overwritten), which it returns. */
    public double[] standard(double[] lean, int base, double[] cold, double[] s) {
        if (cold == null) {
            java.util.Arrays.fill(s, 0, width, 0);
        } else {
            System.arraycopy(cold, 0, s, 0, width);
        }
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i]) {
                System.arraycopy(lean, base + leanOffsets[i], s, offsets[i], losses[i].width());
            }
        }
        for (int b = 0; b < meanOf.length; b++) {
            int h = base + hotAt[b];
            if (hotAt[b] < 0 || lean[h] == 0) {
                continue;
            }
            for (int j = 0; j < meanOf[b].length; j++) {
                int o = offsets[meanOf[b][j]];
                s[o + Loss.ROWS] += lean[h];
                Sums.merge(s, o + Loss.WEIGHT, lean, h + 1);
                Sums.merge(s, o + MeanLoss.SUM, lean, h + 3 + 2 * j);
            }
        }
        return s;
    }

    /**
     * A standard state as a lean block followed, when a mean-family loss has any slot set, by the
     * standard state as its cold state: the inverse of {@link #standard}.
     */
    public double[] lean(double[] standard) {
        boolean cold = false;
        double[] out = new double[leanWidth];
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i]) {
                if (sharesWith[i] < 0) {
                    System.arraycopy(standard, offsets[i], out, leanOffsets[i], losses[i].width());
                }
            } else {
                for (int j = 0; j < losses[i].width() && !cold; j++) {
                    cold = standard[offsets[i] + j] != 0;
                }
            }
        }
        if (!cold) {
            return out;
        }
        double[] both = java.util.Arrays.copyOf(out, leanWidth + width);
        System.arraycopy(standard, 0, both, leanWidth, width);
        for (int i = 0; i < losses.length; i++) {
            if (!hot[i]) {
                java.util.Arrays.fill(both, leanWidth + offsets[i], leanWidth + offsets[i] + losses[i].width(), 0);
            }
        }
        return both;
    }

    public void merge(double[] s, int base, double[] t, int tbase) {
        for (int i = 0; i < losses.length; i++) {
            losses[i].merge(s, base + offsets[i], t, tbase + offsets[i]);
        }
    }
}
