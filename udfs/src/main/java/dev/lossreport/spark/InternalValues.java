package dev.lossreport.spark;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

import java.io.Serializable;

/**
 * Reads one input binding (prediction, label and weight ordinals) of a Spark {@link InternalRow}
 * into an {@link Example}, without converting rows to external objects. The columns must already be
 * double or array&lt;double&gt; (the job's plan casts them); a null becomes NaN or a null array.
 * An ordinal of -1 means "not given": no label, weight 1, or no mask. A mask column (double, or
 * array&lt;double&gt; of one entry per element) and an ignore value of the label decide which
 * elements count ({@link Example#rowMask}, {@link Example#elementMask}, {@link Example#ignoreLabel}).
 */
public final class InternalValues implements Serializable {
    private final Signature.Pair pair;
    private final int prediction;
    private final int label;
    private final int weight;
    private final int mask;
    private final boolean maskIsVector;
    private final Double ignoreValue;

    public InternalValues(Signature.Pair pair, int prediction, int label, int weight) {
        this(pair, prediction, label, weight, -1, false, null);
    }

    /** With a mask column ({@code mask} -1 for none; an array mask per element) and an ignore value (or null). */
    public InternalValues(Signature.Pair pair, int prediction, int label, int weight, int mask, boolean maskIsVector,
                          Double ignoreValue) {
        this.pair = pair;
        this.prediction = prediction;
        this.label = label;
        this.weight = weight;
        this.mask = mask;
        this.maskIsVector = maskIsVector;
        this.ignoreValue = ignoreValue;
    }

    /** The same reader for rows whose columns sit {@code by} ordinals later (the engine's pass-through rows). */
    public InternalValues shifted(int by) {
        return new InternalValues(pair, prediction + by, label < 0 ? -1 : label + by, weight < 0 ? -1 : weight + by,
                mask < 0 ? -1 : mask + by, maskIsVector, ignoreValue);
    }

    /** Ordinal of the prediction in the row. */
    public int predictionOrdinal() {
        return prediction;
    }

    /** Ordinal of the label in the row, or -1 when there is none. */
    public int labelOrdinal() {
        return label;
    }

    /** Ordinal of the weight in the row, or -1 when every row weighs 1. */
    public int weightOrdinal() {
        return weight;
    }

    public Example newExample() {
        Example x = new Example();
        x.predictionIsVector = pair.prediction() == Shape.VECTOR;
        x.labelIsVector = pair.label() == Shape.VECTOR;
        return x;
    }

    public void fill(Example x, InternalRow row) {
        if (x.predictionIsVector) {
            x.predictionLength = readArray(row, prediction, x, true);
        } else {
            x.prediction = row.isNullAt(prediction) ? Double.NaN : row.getDouble(prediction);
        }
        if (label >= 0) {
            if (x.labelIsVector) {
                x.labelLength = readArray(row, label, x, false);
            } else {
                x.label = row.isNullAt(label) ? Double.NaN : row.getDouble(label);
            }
        }
        if (weight >= 0) {
            x.weight = row.isNullAt(weight) ? Double.NaN : row.getDouble(weight);
        }
        if (mask < 0 && ignoreValue == null) {
            return;
        }
        x.clearMask();
        if (mask >= 0 && maskIsVector) {
            if (row.isNullAt(mask)) {
                x.elementMask(null, -1);
            } else {
                ArrayData a = row.getArray(mask);
                int n = a.numElements();
                double[] m = x.maskBuffer(n);
                for (int i = 0; i < n; i++) {
                    m[i] = a.isNullAt(i) ? Double.NaN : a.getDouble(i);
                }
                x.elementMask(m, n);
            }
        } else if (mask >= 0) {
            x.rowMask(row.isNullAt(mask) ? Double.NaN : row.getDouble(mask));
        }
        if (ignoreValue != null) {
            x.ignoreLabel(ignoreValue);
        }
    }

    private static int readArray(InternalRow row, int ordinal, Example x, boolean prediction) {
        if (row.isNullAt(ordinal)) {
            return -1;
        }
        ArrayData a = row.getArray(ordinal);
        int n = a.numElements();
        double[] buf = prediction ? x.predictionBuffer(n) : x.labelBuffer(n);
        for (int i = 0; i < n; i++) {
            buf[i] = a.isNullAt(i) ? Double.NaN : a.getDouble(i);
        }
        return n;
    }
}
