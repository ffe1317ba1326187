package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Categorical cross-entropy of a probability array p (K classes) against a class index c or a one-hot
 * or soft label array y: l = -sum_k y_k * log(q_k), which is -log(q_c) for an index, where
 * q_k = clip(p_k, eps, 1 - eps) and eps = 1e-15 by default. Terms with y_k = 0 are 0.
 *
 * <p>Rows are not renormalized: a row whose sum differs from 1 by more than {@code sum_tolerance}
 * does not count, unless {@code normalize_rows=true} divides it by its sum first (Keras). With
 * {@code from_logits=true} p holds logits and log q is the log-softmax with the maximum subtracted;
 * +Infinity logits share the mass, -Infinity ones get log q = -Infinity, never NaN.
 * {@code label_smoothing} s replaces y by y * (1 - s) + s / K. Domain: a class index in [0, K) or a
 * label array of length K with entries in [0, 1]; probabilities in [0, 1] (or non-NaN logits).
 */
public final class Cce extends MeanLoss {
    public static final LossType TYPE = LossType.named("cce")
            .formula("-sum_k y_k*log(p_k) = -log(p_label), p clipped to [eps, 1-eps]")
            .domain("p in [0, 1] summing to 1 (or logits); label a class index 0..K-1 or a length-K array in [0, 1]")
            .signature(Signature.of(Shape.VECTOR, Shape.INDEX, Shape.VECTOR, Shape.VECTOR))
            .params(Probabilities.EPS, Probabilities.FROM_LOGITS, Probabilities.LABEL_SMOOTHING,
                    Probabilities.NORMALIZE_ROWS, Probabilities.SUM_TOLERANCE, MeanLoss.REDUCTION)
            .build(Cce::new);

    private final Categorical.Options options;

    private Cce(Params params) {
        super(TYPE, params);
        this.options = new Categorical.Options(params);
    }

    @Override
    public boolean inDomain(Example x) {
        return options.inDomain(x);
    }

    @Override
    public double pointwise(Example x) {
        int n = x.predictionLength;
        LogSoftmax logs = options.logs(x);
        double scale = options.scale(x);
        if (!x.labelIsVector && options.smoothing == 0) {
            return -logQ(x, x.classIndex(n), logs, scale);
        }
        int c = x.labelIsVector ? -1 : x.classIndex(n);
        double loss = 0;
        for (int k = 0; k < n; k++) {
            double y = options.label(x, k, c);
            if (y > 0) {
                loss -= y * logQ(x, k, logs, scale);
            }
        }
        return loss;
    }

    private double logQ(Example x, int k, LogSoftmax logs, double scale) {
        return logs != null ? logs.at(x.predictions[k]) : Math.log(options.q(x, k, scale));
    }
}
