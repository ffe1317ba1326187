package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * The family of losses that compare a predicted class with the label (accuracy, zero-one, Hamming).
 * The predicted class follows the conventions: a probability or score p predicts 1 when
 * p > {@code threshold} (default 0.5) and 0 otherwise, against a label 0 or 1; an array of class scores
 * predicts its argmax (ties to the lowest index, NumPy's argmax) against a class index; an array
 * against a label array of 0s and 1s is multi-label, thresholded element by element. With
 * {@code predicted_class=true} the prediction already is a class (any number), compared with the label
 * for equality (scikit-learn's {@code y_pred}). Leaves say how a row's mismatches make its value.
 */
public abstract class Decisions extends MeanLoss {
    static final Param THRESHOLD = Param.real("threshold", 0.5, "a score above it predicts class 1",
            t -> !Double.isNaN(t), "a number").hiddenWhenDefault();
    static final Param PREDICTED_CLASS = Param.bool("predicted_class", false,
            "the prediction is a predicted class label, compared with the label for equality").hiddenWhenDefault();
    static final Signature SIGNATURE = Signature.of(Shape.SCALAR, Shape.SCALAR, Shape.VECTOR, Shape.INDEX,
            Shape.VECTOR, Shape.VECTOR);

    private final double threshold;
    private final boolean predictedClass;

    protected Decisions(LossType type, Params params) {
        super(type, params);
        this.threshold = params.real("threshold");
        this.predictedClass = params.bool("predicted_class");
    }

    /** The row's value from the number of compared cells and how many of them are wrong. */
    protected abstract double fromMismatches(int wrong, int cells);

    private boolean cellInDomain(double p, double y) {
        if (predictedClass) {
            return Double.isFinite(p) && Double.isFinite(y);
        }
        return !Double.isNaN(p) && (y == 0 || y == 1);
    }

    private boolean cellWrong(double p, double y) {
        double predicted = predictedClass ? p : (p > threshold ? 1.0 : 0.0);
        return predicted != y;
    }

    @Override
    public final boolean inDomain(Example x) {
        if (!x.predictionIsVector) {
            return cellInDomain(x.prediction, x.label);
        }
        int n = x.predictionLength;
        if (n <= 0) {
            return false;
        }
        if (x.labelIsVector) {
            if (x.labelLength != n) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                if (!cellInDomain(x.predictions[k], x.labels[k])) {
                    return false;
                }
            }
            return true;
        }
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(x.predictions[k])) {
                return false;
            }
        }
        return x.classIndex(n) >= 0;
    }

    @Override
    public final double pointwise(Example x) {
        if (!x.predictionIsVector) {
            return fromMismatches(cellWrong(x.prediction, x.label) ? 1 : 0, 1);
        }
        int n = x.predictionLength;
        if (x.labelIsVector) {
            int wrong = 0;
            for (int k = 0; k < n; k++) {
                if (cellWrong(x.predictions[k], x.labels[k])) {
                    wrong++;
                }
            }
            return fromMismatches(wrong, n);
        }
        return fromMismatches(argmax(x.predictions, n) == x.classIndex(n) ? 0 : 1, 1);
    }

    /** The index of the largest value, the lowest index among ties. */
    static int argmax(double[] v, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
