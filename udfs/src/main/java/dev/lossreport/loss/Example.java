package dev.lossreport.loss;

/**
 * One row as a loss sees it: prediction, label and weight, each a number or an array of numbers.
 * The engine and the Spark adapters fill one instance per input binding and reuse it row after row,
 * so every loss that reads the same columns shares the same widened values.
 *
 * <p>Nulls arrive as NaN (a scalar) or as a length of -1 (an array), so a loss's domain check is the
 * one place that decides whether a row counts.
 *
 * <p>A mask (a mask column, or an ignore value of the label) decides which elements of a row count:
 * {@link #keeps(int)}. A row with nothing left to count is {@link #masked}; a mask that is null, holds
 * a null or has another length than the row makes the row invalid ({@link #maskInvalid}). Masked
 * elements are skipped before any domain check, so they may hold anything (NaN, a void label).
 */
public final class Example {
    public double prediction = Double.NaN;
    public double label = Double.NaN;
    public double weight = 1.0;

    /** Prediction array and its length; -1 when the array is null. Unused for scalar predictions. */
    public double[] predictions = new double[0];
    public int predictionLength = -1;
    /** Label array and its length; -1 when the array is null. Unused for scalar or index labels. */
    public double[] labels = new double[0];
    public int labelLength = -1;

    /** Set by whoever fills the example: whether the prediction and label are arrays. */
    public boolean predictionIsVector;
    public boolean labelIsVector;

    /** Whether some elements may be skipped; then {@code keep[i]} says whether element i counts. */
    public boolean filtered;
    public boolean[] keep = new boolean[0];
    /** The mask leaves nothing of this row to count (a row mask of 0, or every element masked). */
    public boolean masked;
    /** The mask is null, holds a null, or does not have the row's length: the row is invalid. */
    public boolean maskInvalid;

    public Example() {
    }

    // The last logarithms asked for, by argument: the cross-entropy losses of a row (bce with several
    // eps or label smoothing, focal, nll) read log q and log(1 - q) of the same q, computed once.
    // Keyed by the argument's bits, so a reused example can never return another row's logarithm.
    private double logOf = Double.NaN;
    private double logValue = Double.NaN;
    private double log1mOf = Double.NaN;
    private double log1mValue = Double.NaN;

    /** {@code Math.log(q)}, remembered for the next call with the same q (the same bits: 0.0 is not -0.0). */
    public double log(double q) {
        if (Double.doubleToRawLongBits(q) != Double.doubleToRawLongBits(logOf)) {
            logValue = Math.log(q);
            logOf = q;
        }
        return logValue;
    }

    /** {@link #log1m(double)}, remembered for the next call with the same q. */
    public double rowLog1m(double q) {
        if (Double.doubleToRawLongBits(q) != Double.doubleToRawLongBits(log1mOf)) {
            log1mValue = log1m(q);
            log1mOf = q;
        }
        return log1mValue;
    }

    /** log(1 - q): log1p where 1 - q would round (q < 0.5), the faster intrinsic log where 1 - q is exact. */
    public static double log1m(double q) {
        return q < 0.5 ? Log1p.of(-q) : Math.log(1 - q);
    }

    public static Example scalar(double prediction, double label, double weight) {
        Example x = new Example();
        x.prediction = prediction;
        x.label = label;
        x.weight = weight;
        return x;
    }

    public static Example vectors(double[] predictions, double[] labels, double weight) {
        Example x = new Example();
        x.setPredictions(predictions);
        x.setLabels(labels);
        x.weight = weight;
        return x;
    }

    /** A vector prediction with a class-index label. */
    public static Example indexed(double[] predictions, double classIndex, double weight) {
        Example x = new Example();
        x.setPredictions(predictions);
        x.label = classIndex;
        x.weight = weight;
        return x;
    }

    public void setPredictions(double[] values) {
        predictionIsVector = true;
        if (values == null) {
            predictionLength = -1;
            return;
        }
        predictions = ensure(predictions, values.length);
        System.arraycopy(values, 0, predictions, 0, values.length);
        predictionLength = values.length;
    }

    public void setLabels(double[] values) {
        labelIsVector = true;
        if (values == null) {
            labelLength = -1;
            return;
        }
        labels = ensure(labels, values.length);
        System.arraycopy(values, 0, labels, 0, values.length);
        labelLength = values.length;
    }

    /** Makes room for a prediction array of the given length and returns the buffer to fill. */
    public double[] predictionBuffer(int length) {
        predictions = ensure(predictions, length);
        predictionLength = length;
        return predictions;
    }

    /** Makes room for a label array of the given length and returns the buffer to fill. */
    public double[] labelBuffer(int length) {
        labels = ensure(labels, length);
        labelLength = length;
        return labels;
    }

    /**
     * The number of element pairs of an array row: the common length of the prediction and label
     * arrays, or -1 when either is null, they differ in length, or they are empty. The one place that
     * decides whether two arrays pair up (a row that does not is invalid for element-wise losses).
     */
    public int pairedLength() {
        int n = predictionLength;
        return predictionIsVector && labelIsVector && n > 0 && n == labelLength ? n : -1;
    }

    /** Whether element i counts (is not masked). */
    public boolean keeps(int i) {
        return !filtered || keep[i];
    }

    private double[] maskValues = new double[0];

    /** A reusable buffer for reading an element mask of the given length. */
    public double[] maskBuffer(int length) {
        maskValues = ensure(maskValues, length);
        return maskValues;
    }

    /** Forgets the previous row's mask: every element counts. */
    public void clearMask() {
        filtered = false;
        masked = false;
        maskInvalid = false;
    }

    /** A mask for the whole row: non-zero (true) keeps it, 0 (false) masks it, NaN (null) makes it invalid. */
    public void rowMask(double m) {
        if (Double.isNaN(m)) {
            maskInvalid = true;
            masked = false;
        } else if (m == 0) {
            masked = !maskInvalid;
        }
    }

    /**
     * A mask per element pair of an array row ({@code length} -1 when the mask is null): non-zero keeps
     * the element, 0 skips it; a null mask, a null element or another length than the row's makes the
     * row invalid. Rows whose arrays do not pair up are left to the loss, which counts them invalid.
     */
    public void elementMask(double[] m, int length) {
        int n = pairedLength();
        if (n < 0) {
            return;
        }
        if (length != n) {
            maskInvalid = true;
            masked = false;
            return;
        }
        boolean[] k = keepBuffer(n);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(m[i])) {
                maskInvalid = true;
                masked = false;
                return;
            }
            k[i] = k[i] && m[i] != 0;
            kept += k[i] ? 1 : 0;
        }
        masked = kept == 0 && !maskInvalid;
    }

    /**
     * Skips the label value {@code v}: the element pairs whose label equals it, or the whole row for a
     * scalar label. NaN as {@code v} skips NaN and null labels (missing targets).
     */
    public void ignoreLabel(double v) {
        if (!labelIsVector) {
            if (same(label, v)) {
                masked = !maskInvalid;
            }
            return;
        }
        int n = pairedLength();
        if (n < 0 || maskInvalid) {
            return;
        }
        boolean[] k = keepBuffer(n);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            k[i] = k[i] && !same(labels[i], v);
            kept += k[i] ? 1 : 0;
        }
        masked = kept == 0;
    }

    private static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    /** The keep flags for n elements; all true unless an earlier mask of this row set some. */
    private boolean[] keepBuffer(int n) {
        if (!filtered) {
            if (keep.length < n) {
                keep = new boolean[Math.max(n, 2 * keep.length)];
            }
            java.util.Arrays.fill(keep, 0, n, true);
            filtered = true;
        }
        return keep;
    }

    /** A weight counts when it is finite and not negative; other rows are invalid for every loss. */
    public boolean weightValid() {
        return weight >= 0 && weight < Double.POSITIVE_INFINITY;
    }

    /** The label as a class index into a prediction vector of {@code k} entries, or -1 when it is not one. */
    public int classIndex(int k) {
        double c = label;
        if (!(c >= 0 && c < k) || c != Math.rint(c)) {
            return -1;
        }
        return (int) c;
    }

    private static double[] ensure(double[] buffer, int length) {
        return buffer.length >= length ? buffer : new double[Math.max(length, 2 * buffer.length)];
    }
}
