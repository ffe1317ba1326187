package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Keras' categorical hinge loss of decision values f against a one-hot label array y (or a class index):
 * l = max(0, 1 + max_k (1 - y_k) * f_k - sum_k y_k * f_k). An all-zero label row is legal (its positive
 * term is 0), as in Keras. Domain: finite f; label entries in [0, 1] of the same length, or a class
 * index in [0, K).
 */
public final class CategoricalHinge extends MeanLoss {
    public static final LossType TYPE = LossType.named("categorical_hinge")
            .formula("max(0, 1 + max_k (1-y_k)*f_k - sum_k y_k*f_k)")
            .domain("finite f; label a length-K array in [0, 1] or a class index 0..K-1")
            .signature(Signature.of(Shape.VECTOR, Shape.VECTOR, Shape.VECTOR, Shape.INDEX))
            .params(MeanLoss.REDUCTION)
            .build(CategoricalHinge::new);

    private CategoricalHinge(Params params) {
        super(TYPE, params);
    }

    @Override
    public boolean inDomain(Example x) {
        int n = x.predictionLength;
        if (n <= 0) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(x.predictions[k])) {
                return false;
            }
        }
        return x.labelIsVector ? Probabilities.isLabelVector(x.labels, x.labelLength, n) : x.classIndex(n) >= 0;
    }

    @Override
    public double pointwise(Example x) {
        int n = x.predictionLength;
        int c = x.labelIsVector ? -1 : x.classIndex(n);
        double positive = 0;
        double negative = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double y = Categorical.label(x, k, c);
            positive += y * x.predictions[k];
            negative = Math.max(negative, (1 - y) * x.predictions[k]);
        }
        return Math.max(0, negative - positive + 1);
    }
}
