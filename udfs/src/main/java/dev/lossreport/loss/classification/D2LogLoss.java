package dev.lossreport.loss.classification;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.Log1p;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import dev.lossreport.loss.Sums;

/**
 * D^2 log loss score, the fraction of log loss explained (scikit-learn's {@code d2_log_loss_score},
 * weighted): 1 - sum(w * -log(q_c)) / sum(w * -log(pi_c)), where q is the clipped predicted probability
 * of the true class c (as {@code cce}) and pi the slice's weighted class frequencies, the best constant
 * prediction; the null log loss is sum_k W_k * log(W / W_k) over the classes present, unclipped.
 * Higher is better.
 *
 * <p>The state keeps one weight sum per class, so the number of classes is a parameter: {@code classes}
 * (default 2). Binary: a probability p of class 1 with a label 0 or 1. Multiclass: a probability array
 * of exactly {@code classes} entries summing to 1 within {@code sum_tolerance}, with a class index.
 * A slice with one class only (zero null loss) gives 1.0 for a perfect prediction and 0.0 otherwise with
 * {@code force_finite=true}. Fewer than 2 rows give null.
 */
public final class D2LogLoss extends Loss {
    public static final LossType TYPE = LossType.named("d2_log_loss")
            .formula("1 - sum(w*-log(p_label)) / sum(w*-log(freq_label)), freq the slice's class frequencies")
            .domain("p in [0, 1] with label 0 or 1; or a probability array of `classes` entries with a class index")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.of(Shape.SCALAR, Shape.SCALAR, Shape.VECTOR, Shape.INDEX))
            .params(Param.integer("num_classes", 2, "number of classes K (the length of the probability arrays)",
                            k -> k >= 2 && k <= 10_000, "an integer in [2, 10000]"),
                    Probabilities.EPS, Probabilities.SUM_TOLERANCE,
                    Param.bool("force_finite", true,
                            "a slice of one class gives 1.0 (perfect) or 0.0 instead of NaN or -Infinity").hiddenWhenDefault())
            .build(D2LogLoss::new);

    private static final int MODEL = HEADER;
    private static final int COUNTS = HEADER + 2; // compensated weight sum per class

    private final int classes;
    private final double eps;
    private final double tolerance;
    private final boolean forceFinite;

    private D2LogLoss(Params params) {
        super(TYPE, params);
        this.classes = params.integer("num_classes");
        this.eps = params.real("eps");
        this.tolerance = params.real("sum_tolerance");
        this.forceFinite = params.bool("force_finite");
    }

    private int trueClass(Example x) {
        if (!x.predictionIsVector) {
            return x.label == 0 ? 0 : (x.label == 1 ? 1 : -1);
        }
        return x.predictionLength == classes ? x.classIndex(classes) : -1;
    }

    @Override
    public boolean inDomain(Example x) {
        if (trueClass(x) < 0) {
            return false;
        }
        return x.predictionIsVector
                ? Probabilities.isDistribution(x.predictions, classes, false, tolerance)
                : Probabilities.isProbability(x.prediction);
    }

    @Override
    public double pointwise(Example x) {
        int c = trueClass(x);
        if (x.predictionIsVector) {
            return -Math.log(Probabilities.clip(x.predictions[c], eps));
        }
        double q = Probabilities.clip(x.prediction, eps);
        return c == 1 ? -Math.log(q) : -Log1p.of(-q);
    }

    @Override
    protected int familyWidth() {
        return 2 + 2 * classes;
    }

    @Override
    protected void accumulate(double[] s, int o, Example x) {
        if (x.weight != 0) {
            Sums.add(s, o + MODEL, x.weight * pointwise(x));
            Sums.add(s, o + COUNTS + 2 * trueClass(x), x.weight);
        }
    }

    @Override
    protected void combine(double[] s, int o, double[] t, int to) {
        Sums.merge(s, o + MODEL, t, to + MODEL);
        for (int k = 0; k < classes; k++) {
            Sums.merge(s, o + COUNTS + 2 * k, t, to + COUNTS + 2 * k);
        }
    }

    @Override
    public Double value(double[] s, int o) {
        double w = weightSum(s, o);
        if (rows(s, o) < 2 || !(w > 0)) {
            return null;
        }
        double nullLoss = 0;
        for (int k = 0; k < classes; k++) {
            double wk = Sums.value(s, o + COUNTS + 2 * k);
            if (wk > 0 && wk < w) {
                nullLoss += wk * Math.log(w / wk);
            }
        }
        double model = Sums.value(s, o + MODEL);
        Double v;
        if (nullLoss == 0) {
            v = forceFinite ? (model == 0 ? 1.0 : 0.0) : (model == 0 ? null : Double.NEGATIVE_INFINITY);
        } else {
            v = 1 - model / nullLoss;
        }
        return v == null || Double.isNaN(v) ? null : v;
    }
}
