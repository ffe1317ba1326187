package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Crammer-Singer multiclass hinge loss (scikit-learn's {@code hinge_loss} with more than two classes):
 * for decision values f_0..f_{K-1} and the true class c, l = max(0, 1 - (f_c - max_{j != c} f_j)).
 * The class universe is the array: every one of the K classes takes part in the maximum, whether or
 * not it occurs in the slice (what scikit-learn's {@code labels} argument is for). Domain: K >= 2,
 * a class index in [0, K), values not NaN and a defined margin (infinite values give 0 or +Infinity
 * unless the true class and the best other class are both +Infinity or both -Infinity).
 */
public final class MulticlassHinge extends MeanLoss {
    public static final LossType TYPE = LossType.named("multiclass_hinge")
            .formula("max(0, 1 - f_label + max_{j != label} f_j)")
            .domain("decision values of K >= 2 classes, not NaN; label a class index 0..K-1")
            .signature(Signature.of(Shape.VECTOR, Shape.INDEX))
            .params(MeanLoss.REDUCTION)
            .build(MulticlassHinge::new);

    private MulticlassHinge(Params params) {
        super(TYPE, params);
    }

    private static double margin(Example x) {
        int n = x.predictionLength;
        int c = x.classIndex(n);
        if (n < 2 || c < 0) {
            return Double.NaN;
        }
        double other = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double f = x.predictions[k];
            if (Double.isNaN(f)) {
                return Double.NaN;
            }
            if (k != c) {
                other = Math.max(other, f);
            }
        }
        return x.predictions[c] - other;
    }

    @Override
    public boolean inDomain(Example x) {
        return !Double.isNaN(margin(x));
    }

    @Override
    public double pointwise(Example x) {
        return Math.max(0, 1 - margin(x));
    }
}
