package dev.lossreport.loss;

import java.io.Serializable;
import java.util.List;

/**
 * A loss: its canonical name and parameters, the pointwise math, the domain check, the direction,
 * and how its per-slice state is updated, merged and finished.
 *
 * <p>State lives in a slice of a {@code double[]} starting at an offset, so one buffer holds the
 * states of every loss of a slice (the job's fused pass) and a single loss is the same code with a
 * buffer of its own (the Spark {@code Aggregator}). Every state starts with a common header:
 * rows that counted, rows that did not ({@code invalid_rows}), and the compensated weight sum.
 * A family (mean of a pointwise value, moments, ...) appends its own slots and says how to finish.
 *
 * <p>A row counts for a loss when its weight is finite and not negative and the loss's
 * {@link #inDomain} accepts its prediction and label; otherwise it is counted in {@code invalid_rows}.
 * A row that its mask leaves empty ({@link Example#masked}) is counted in {@code masked_rows} and
 * neither checked nor scored.
 */
public abstract class Loss implements Serializable {
    public static final int ROWS = 0;
    public static final int INVALID = 1;
    /** Compensated weight sum in two slots. */
    public static final int WEIGHT = 2;
    /** Rows that a mask left with nothing to count. */
    public static final int MASKED = 4;
    protected static final int HEADER = 5;

    private final String name;
    private final String spec;
    private final Direction direction;
    private final Params params;

    protected Loss(LossType type, Params params) {
        this.name = type.name();
        this.direction = type.direction();
        this.params = params;
        String rendered = params.render();
        this.spec = rendered.isEmpty() ? name : name + "(" + rendered + ")";
    }

    /** The registered name, e.g. {@code huber}. */
    public final String name() {
        return name;
    }

    /** The canonical spec with the resolved parameters, e.g. {@code huber(delta=1.0)}. */
    public final String spec() {
        return spec;
    }

    public final Params params() {
        return params;
    }

    public Direction direction() {
        return direction;
    }

    public final LossType type() {
        return Losses.type(name);
    }

    /** The input shapes this loss accepts; a loss lifted to arrays (multioutput, flatten) narrows them. */
    public Signature signature() {
        return type().signature();
    }

    /**
     * Whether the array options ({@code multioutput}, {@code flatten}) can lift this loss: its value is
     * finished from its own merged state of (prediction, label) rows. A family whose value needs more
     * (all rows of an entity, a stage of order statistics) returns false.
     */
    public boolean liftsToArrays() {
        return true;
    }

    /** Whether an element mask (or an ignore value of a label array) applies to this loss's elements. */
    public boolean elementMasks() {
        return false;
    }

    /** Whether the row's prediction and label lie in this loss's domain. The weight is checked apart. */
    public abstract boolean inDomain(Example x);

    /** The per-row quantity this loss reduces (squared error for mse, r2 and rmse); rows in domain only. */
    public abstract double pointwise(Example x);

    /** The per-row quantity, or NaN when the row does not count; what the typed UDF returns (NaN as null). */
    public final double pointwiseOrNaN(Example x) {
        return inDomain(x) ? pointwise(x) : Double.NaN;
    }

    /** Number of doubles of this loss's state, header included. */
    public final int width() {
        return HEADER + familyWidth();
    }

    protected abstract int familyWidth();

    /**
     * Whether this loss's state, updated by the rows of one input binding, is always slot for slot the
     * state of {@code other} updated by the same rows (same width, same domain, same update and merge),
     * so that a set of losses may keep it once. No by default.
     */
    public boolean sharesStateWith(Loss other) {
        return false;
    }

    /** Adds one row to the state at {@code s[o..o+width)}. */
    public final void update(double[] s, int o, Example x) {
        int kind = classify(x);
        apply(s, o, x, kind, kind == COUNTS ? term(x) : 0);
    }

    /** What a row does to this loss: it counts, it is refused ({@code invalid_rows}), or a mask leaves nothing of it. */
    public static final int COUNTS = 0;
    public static final int REFUSED = 1;
    public static final int MASKED_OUT = 2;

    /**
     * Decides once per row what it does to this loss; the engine then applies the row to the state of
     * every slice it belongs to ({@link #apply}), so the domain check and the pointwise math run once
     * per row, not once per slicing.
     */
    public final int classify(Example x) {
        if (x.masked) {
            return MASKED_OUT;
        }
        if (x.maskInvalid || !x.weightValid() || !inDomain(x)) {
            return REFUSED;
        }
        return COUNTS;
    }

    /**
     * The per-row quantity a family adds to each state, computed once per counted row and handed to
     * {@link #accumulate(double[], int, Example, double)}; families that read the row itself ignore it.
     */
    public double term(Example x) {
        return 0;
    }

    /** Applies a row classified by {@link #classify} (with its {@link #term}) to the state at {@code s[o..]}. */
    public final void apply(double[] s, int o, Example x, int kind, double term) {
        if (kind == MASKED_OUT) {
            s[o + MASKED] += 1;
            return;
        }
        if (kind == REFUSED) {
            s[o + INVALID] += 1;
            return;
        }
        s[o + ROWS] += 1;
        Sums.add(s, o + WEIGHT, x.weight);
        accumulate(s, o, x, term);
    }

    /** Family slots with the row's precomputed {@link #term}; by default the family reads the row. */
    protected void accumulate(double[] s, int o, Example x, double term) {
        accumulate(s, o, x);
    }

    /** Merges the state at {@code t[to..]} into the state at {@code s[o..]}. */
    public final void merge(double[] s, int o, double[] t, int to) {
        combine(s, o, t, to);
        s[o + ROWS] += t[to + ROWS];
        s[o + INVALID] += t[to + INVALID];
        s[o + MASKED] += t[to + MASKED];
        Sums.merge(s, o + WEIGHT, t, to + WEIGHT);
    }

    /**
     * Merges the state of a slice at {@code t[to..]} into the state at {@code s[o..]} of a larger slice
     * that is a union of such slices (the overall slice, summed from one slicing's slices). The same
     * as {@link #merge} for a state that adds up; a loss whose state also holds statistics of the
     * slice as a whole, which do not add up, leaves those out: the larger slice has its own.
     */
    public void rollUp(double[] s, int o, double[] t, int to) {
        merge(s, o, t, to);
    }

    /** The slice's value, or null when it is undefined (no rows, zero weight, ...). */
    public abstract Double value(double[] s, int o);

    /**
     * One row of the report for a slice: the value and the counts behind it; {@code output} is the
     * output index for per-output rows ({@code multioutput=raw_values}) and null otherwise.
     */
    public record ReportRow(Integer output, Double value, long rows, double weightSum, long invalidRows,
                            long maskedRows) {
    }

    /** How many report rows {@link #report} gives per slice. */
    public int reportRowCount() {
        return 1;
    }

    /** The report rows of this loss for the state at {@code s[o..]}: one, or one per output. */
    public List<ReportRow> report(double[] s, int o) {
        return List.of(new ReportRow(null, value(s, o), rows(s, o), weightSum(s, o), invalidRows(s, o), maskedRows(s, o)));
    }

    /** Family slots: called after the header counted the row (so the weight sum includes it). */
    protected abstract void accumulate(double[] s, int o, Example x);

    /** Family slots: called before the headers are merged (so both weight sums are still apart). */
    protected abstract void combine(double[] s, int o, double[] t, int to);

    public static long rows(double[] s, int o) {
        return (long) s[o + ROWS];
    }

    public static long invalidRows(double[] s, int o) {
        return (long) s[o + INVALID];
    }

    public static long maskedRows(double[] s, int o) {
        return (long) s[o + MASKED];
    }

    public static double weightSum(double[] s, int o) {
        return Sums.value(s, o + WEIGHT);
    }

    @Override
    public String toString() {
        return spec;
    }
}
