package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Brier score. Binary: l = (p - y)^2 for a probability p and a label y in [0, 1] (soft labels legal;
 * with {@code pos_label} set, y becomes 1 when it equals pos_label and 0 otherwise, as scikit-learn).
 * Multiclass (a probability array): l = sum over classes k of (p_k - y_k)^2 with y one-hot from a class
 * index or given as an array, unhalved (scikit-learn >= 1.7), so its range is [0, 2]. Probability rows
 * must sum to 1 within {@code sum_tolerance}.
 */
public final class Brier extends MeanLoss {
    public static final LossType TYPE = LossType.named("brier")
            .formula("(p - y)^2; multiclass: sum_k (p_k - y_k)^2")
            .domain("p in [0, 1] (rows summing to 1), label in [0, 1] or a class index")
            .signature(Signature.of(Shape.SCALAR, Shape.SCALAR, Shape.VECTOR, Shape.INDEX, Shape.VECTOR, Shape.VECTOR))
            .params(Param.optionalReal("pos_label", "binary labels equal to this are 1, all others 0"),
                    Probabilities.SUM_TOLERANCE, MeanLoss.REDUCTION)
            .build(Brier::new);

    private final Double posLabel;
    private final double tolerance;

    private Brier(Params params) {
        super(TYPE, params);
        this.posLabel = params.optionalReal("pos_label");
        this.tolerance = params.real("sum_tolerance");
    }

    private double binaryLabel(double y) {
        return posLabel == null ? y : (y == posLabel ? 1.0 : 0.0);
    }

    @Override
    public boolean inDomain(Example x) {
        if (!x.predictionIsVector) {
            return Probabilities.isProbability(x.prediction) && Double.isFinite(x.label)
                    && Probabilities.isProbability(binaryLabel(x.label));
        }
        int n = x.predictionLength;
        if (!Probabilities.isDistribution(x.predictions, n, false, tolerance)) {
            return false;
        }
        return x.labelIsVector ? Probabilities.isLabelVector(x.labels, x.labelLength, n) : x.classIndex(n) >= 0;
    }

    @Override
    public double pointwise(Example x) {
        if (!x.predictionIsVector) {
            double e = x.prediction - binaryLabel(x.label);
            return e * e;
        }
        int n = x.predictionLength;
        int c = x.labelIsVector ? -1 : x.classIndex(n);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double y = x.labelIsVector ? x.labels[k] : (k == c ? 1.0 : 0.0);
            double e = x.predictions[k] - y;
            sum += e * e;
        }
        return sum;
    }
}
