package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Keras' cosine similarity loss of a prediction array p and a label array y: the negative cosine,
 * l = -sum_k y_k * p_k / (sqrt(max(sum y^2, 1e-12)) * sqrt(max(sum p^2, 1e-12))), in [-1, 1]; -1 is a
 * perfect match of directions and a zero vector gives 0 (Keras floors the squared norms at 1e-12).
 * Lower is better, as for every loss; the similarity itself is minus the value. Domain: finite arrays of
 * the same length.
 */
public final class CosineSimilarity extends MeanLoss {
    private static final double FLOOR = 1e-12;

    public static final LossType TYPE = LossType.named("cosine_similarity")
            .formula("-sum_k y_k*p_k / (|y| |p|), norms floored at 1e-6")
            .domain("finite p and label arrays of the same length")
            .signature(Signature.of(Shape.VECTOR, Shape.VECTOR))
            .params(MeanLoss.REDUCTION)
            .build(CosineSimilarity::new);

    private CosineSimilarity(Params params) {
        super(TYPE, params);
    }

    @Override
    public boolean inDomain(Example x) {
        int n = x.predictionLength;
        if (n <= 0 || x.labelLength != n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(x.predictions[k]) || !Double.isFinite(x.labels[k])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double pointwise(Example x) {
        double dot = 0;
        double pp = 0;
        double yy = 0;
        for (int k = 0; k < x.predictionLength; k++) {
            double p = x.predictions[k];
            double y = x.labels[k];
            dot += y * p;
            pp += p * p;
            yy += y * y;
        }
        // 0.0, not -0.0, for orthogonal or zero vectors
        return dot == 0 ? 0.0 : -dot / (Math.sqrt(Math.max(yy, FLOOR)) * Math.sqrt(Math.max(pp, FLOOR)));
    }
}
