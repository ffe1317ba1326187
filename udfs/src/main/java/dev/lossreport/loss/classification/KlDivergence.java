package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Kullback-Leibler divergence of the predicted distribution q from the label distribution y (Keras'
 * {@code kl_divergence}): l = sum_k y_k * log(y_k / q_k), q_k = max(p_k, eps) with eps = 1e-15
 * (Keras clips both to [1e-7, 1]); a term with y_k = 0 is 0. As in Keras and PyTorch the rows are not
 * required to sum to 1, unless {@code sum_tolerance} is set, when both rows must sum to 1 within it.
 * Domain: arrays of the same length with entries in [0, 1].
 */
public final class KlDivergence extends MeanLoss {
    public static final LossType TYPE = LossType.named("kl_divergence")
            .formula("sum_k y_k*log(y_k / p_k), p floored at eps")
            .domain("p and label arrays of the same length with entries in [0, 1]")
            .signature(Signature.of(Shape.VECTOR, Shape.VECTOR))
            .params(Probabilities.EPS,
                    new Param("sum_tolerance", Param.Kind.REAL, null,
                            "when set, both rows must sum to 1 within it; unset: rows are not checked (Keras)",
                            t -> (Double) t >= 0, "a number >= 0", java.util.List.of(), false),
                    MeanLoss.REDUCTION)
            .build(KlDivergence::new);

    private final double eps;
    private final Double tolerance;

    private KlDivergence(Params params) {
        super(TYPE, params);
        this.eps = params.real("eps");
        this.tolerance = params.optionalReal("sum_tolerance");
    }

    @Override
    public boolean inDomain(Example x) {
        int n = x.predictionLength;
        if (n <= 0 || !Probabilities.isLabelVector(x.labels, x.labelLength, n)
                || !Probabilities.isLabelVector(x.predictions, n, n)) {
            return false;
        }
        return tolerance == null || (Math.abs(Probabilities.sum(x.predictions, n) - 1) <= tolerance
                && Math.abs(Probabilities.sum(x.labels, n) - 1) <= tolerance);
    }

    @Override
    public double pointwise(Example x) {
        double loss = 0;
        for (int k = 0; k < x.predictionLength; k++) {
            double y = x.labels[k];
            if (y > 0) {
                loss += y * (Math.log(y) - Math.log(Math.max(x.predictions[k], eps)));
            }
        }
        return loss;
    }
}
