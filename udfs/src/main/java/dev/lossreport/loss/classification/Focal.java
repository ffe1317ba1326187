package dev.lossreport.loss.classification;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Binary focal cross-entropy (Lin et al. 2017; Keras' {@code binary_focal_crossentropy}): the binary
 * cross-entropy of {@code bce} scaled by (1 - p_t)^gamma, where 1 - p_t = y * (1 - p) + (1 - y) * p is the
 * probability given to the wrong side, so confident correct rows weigh little:
 * l = (1 - p_t)^gamma * bce(p, y). With {@code alpha} set, each row is also weighted by
 * y * alpha + (1 - y) * (1 - alpha) (Keras' {@code apply_class_balancing}). gamma = 0 without alpha is
 * {@code bce}. The cross-entropy clips p to [eps, 1 - eps]; the focal factor uses p itself, so a
 * certain correct prediction costs exactly 0. With {@code from_logits=true} p = sigmoid(x) and the
 * cross-entropy is the stable logit form; infinite logits give 0 or +Infinity. {@code label_smoothing} s
 * replaces y by y * (1 - s) + s / 2 first. Domain: y in [0, 1]; p in [0, 1], or a non-NaN logit.
 * Arrays (multi-label): the mean over the elements of a row.
 */
public final class Focal extends ElementwiseLoss {
    static final Param GAMMA = Param.real("gamma", 2.0, "focusing exponent: (1 - p_t)^gamma scales each row's cross-entropy",
            g -> g >= 0 && g < Double.POSITIVE_INFINITY, "a finite number >= 0");

    public static final LossType TYPE = LossType.named("focal")
            .formula("(1 - p_t)^gamma * bce(p, y), 1 - p_t = y*(1-p) + (1-y)*p")
            .domain("label in [0, 1]; p in [0, 1] (or any non-NaN logit with from_logits)")
            .params(GAMMA,
                    new Param("alpha", Param.Kind.REAL, null,
                            "class balancing: positives weigh alpha, negatives 1 - alpha (Keras' apply_class_balancing); unset: none",
                            a -> (Double) a >= 0 && (Double) a <= 1, "a number in [0, 1]", java.util.List.of(), false),
                    Probabilities.EPS, Probabilities.FROM_LOGITS, Probabilities.LABEL_SMOOTHING, MeanLoss.REDUCTION)
            .build(Focal::new);

    private final double gamma;
    private final Double alpha;
    private final double eps;
    private final boolean fromLogits;
    private final double smoothing;

    private Focal(Params params) {
        super(TYPE, params);
        this.gamma = params.real("gamma");
        this.alpha = params.optionalReal("alpha");
        this.eps = params.real("eps");
        this.fromLogits = params.bool("from_logits");
        this.smoothing = params.real("label_smoothing");
    }

    @Override
    protected boolean inDomain(double p, double y) {
        return Probabilities.isProbability(y) && (fromLogits ? !Double.isNaN(p) : Probabilities.isProbability(p));
    }

    @Override
    protected double term(double p, double y) {
        return term(p, y, null);
    }

    /** With a scalar row, the cross-entropy's logarithms are the row's own, shared with bce and nll. */
    @Override
    protected double term(double p, double y, Example row) {
        double t = smoothing == 0 ? y : y * (1 - smoothing) + 0.5 * smoothing;
        double q = fromLogits ? sigmoid(p) : p;
        double wrong = t * (1 - q) + (1 - t) * q;
        double factor = gamma == 0 ? 1.0 : Math.pow(wrong, gamma);
        double balance = alpha == null ? 1.0 : t * alpha + (1 - t) * (1 - alpha);
        if (factor == 0 || balance == 0) {
            return 0.0; // never 0 * Infinity: a certain correct prediction costs nothing
        }
        double bce = fromLogits ? Bce.fromLogit(p, t) : Bce.fromProbability(Probabilities.clip(p, eps), t, row);
        return balance * factor * bce;
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
