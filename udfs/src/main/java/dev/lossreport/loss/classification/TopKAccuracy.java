package dev.lossreport.loss.classification;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Top-k accuracy (scikit-learn's {@code top_k_accuracy_score}, Keras' {@code top_k_categorical_accuracy}):
 * the weighted share of rows whose true class is among the k highest of the K class scores. The rank
 * of the true class c is the number of classes scoring higher plus the number of lower-index classes
 * scoring the same (ties to the lowest index, as argmax; scikit-learn ranks tied higher indices first),
 * and the row is a hit when that rank is below k; k >= K is always a hit. k = 1 is multiclass accuracy.
 * Domain: scores not NaN; label a class index in [0, K). Higher is better.
 */
public final class TopKAccuracy extends MeanLoss {
    public static final LossType TYPE = LossType.named("top_k_accuracy")
            .formula("[rank of the label's score < k]")
            .domain("class scores not NaN; label a class index 0..K-1")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.of(Shape.VECTOR, Shape.INDEX))
            .params(Param.integer("k", 2, "how many of the top classes count as a hit (scikit-learn's default 2)",
                    k -> k >= 1, "an integer >= 1"), MeanLoss.REDUCTION)
            .build(TopKAccuracy::new);

    private final int k;

    private TopKAccuracy(Params params) {
        super(TYPE, params);
        this.k = params.integer("k");
    }

    @Override
    public boolean inDomain(Example x) {
        int n = x.predictionLength;
        if (n <= 0 || x.classIndex(n) < 0) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (Double.isNaN(x.predictions[j])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double pointwise(Example x) {
        int n = x.predictionLength;
        int c = x.classIndex(n);
        double score = x.predictions[c];
        int rank = 0;
        for (int j = 0; j < n; j++) {
            double s = x.predictions[j];
            if (s > score || (s == score && j < c)) {
                rank++;
            }
        }
        return rank < k ? 1.0 : 0.0;
    }
}
