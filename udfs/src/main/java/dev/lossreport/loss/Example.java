package dev.lossreport.loss;

/**
 * One row as a loss sees it: prediction, label and weight, each a number or an array of numbers.
 * The engine and the Spark adapters fill one instance per input binding and reuse it row after row,
 * so every loss that reads the same columns shares the same widened values.
 *
 * <p>Nulls arrive as NaN (a scalar) or as a length of -1 (an array), so a loss's domain check is the
 * one place that decides whether a row counts.
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

    public Example() {
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
