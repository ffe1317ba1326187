package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Categorical focal cross-entropy (Keras' {@code categorical_focal_crossentropy}) of a probability array
 * q (K classes) against a class index or a label array y:
 * l = -sum_k alpha * (1 - q_k)^gamma * y_k * log(q_k), q_k = clip(p_k, eps, 1 - eps); alpha = 0.25 and
 * gamma = 2 by default (Keras'); gamma = 0 and alpha = 1 is {@code cce}. Rows and logits as {@code cce}:
 * not renormalized unless {@code normalize_rows=true} (Keras), a row whose sum is off by more than
 * {@code sum_tolerance} does not count, and with {@code from_logits=true} log q is the stable
 * log-softmax. {@code label_smoothing} s replaces y by y * (1 - s) + s / K.
 */
public final class CategoricalFocal extends MeanLoss {
    public static final LossType TYPE = LossType.named("categorical_focal")
            .formula("-sum_k alpha*(1 - p_k)^gamma * y_k*log(p_k), p clipped to [eps, 1-eps]")
            .domain("p in [0, 1] summing to 1 (or logits); label a class index 0..K-1 or a length-K array in [0, 1]")
            .signature(Signature.of(Shape.VECTOR, Shape.INDEX, Shape.VECTOR, Shape.VECTOR))
            .params(Focal.GAMMA,
                    Param.real("alpha", 0.25, "weight of every class term (Keras' default 0.25)",
                            a -> a >= 0 && a <= 1, "a number in [0, 1]"),
                    Probabilities.EPS, Probabilities.FROM_LOGITS, Probabilities.LABEL_SMOOTHING,
                    Probabilities.NORMALIZE_ROWS, Probabilities.SUM_TOLERANCE, MeanLoss.REDUCTION)
            .build(CategoricalFocal::new);

    private final double gamma;
    private final double alpha;
    private final Categorical.Options options;

    private CategoricalFocal(Params params) {
        super(TYPE, params);
        this.gamma = params.real("gamma");
        this.alpha = params.real("alpha");
        this.options = new Categorical.Options(params);
    }

    @Override
    public boolean inDomain(Example x) {
        return options.inDomain(x);
    }

    @Override
    public double pointwise(Example x) {
        int n = x.predictionLength;
        int c = x.labelIsVector ? -1 : x.classIndex(n);
        LogSoftmax logs = options.logs(x);
        double scale = options.scale(x);
        double loss = 0;
        for (int k = 0; k < n; k++) {
            double y = options.label(x, k, c);
            if (y == 0) {
                continue;
            }
            double logQ;
            double wrong;
            if (logs != null) {
                logQ = logs.at(x.predictions[k]);
                wrong = -Math.expm1(logQ);
            } else {
                double q = options.q(x, k, scale);
                logQ = Math.log(q);
                wrong = 1 - q;
            }
            double factor = gamma == 0 ? 1.0 : Math.pow(wrong, gamma);
            if (factor != 0) {
                loss -= alpha * factor * y * logQ;
            }
        }
        return loss;
    }
}
