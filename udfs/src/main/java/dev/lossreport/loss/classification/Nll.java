package dev.lossreport.loss.classification;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Negative log-likelihood of the true item: l = -log(max(q, eps)) for the probability q the model gave
 * the observed outcome, or l = -q when {@code log_input=true} and q is already a log-probability.
 * The prediction is that number (no label needed), or a vector of probabilities (log-probabilities)
 * with the label as the class index of the true item, as PyTorch's {@code NLLLoss}.
 * Domain: q in [0, 1], or q <= 0 with log_input (-Infinity gives +Infinity).
 */
public final class Nll extends MeanLoss {
    public static final LossType TYPE = LossType.named("nll")
            .formula("-log(q_true)  (or -q_true for log-probabilities)")
            .domain("q in [0, 1] (q <= 0 with log_input); with a vector, label a class index")
            .signature(Signature.of(Shape.SCALAR, Shape.NONE, Shape.VECTOR, Shape.INDEX))
            .params(Probabilities.EPS, Param.bool("log_input", false, "the prediction is a log-probability").hiddenWhenDefault(),
                    MeanLoss.REDUCTION)
            .build(Nll::new);

    private final double eps;
    private final boolean logInput;

    private Nll(Params params) {
        super(TYPE, params);
        this.eps = params.real("eps");
        this.logInput = params.bool("log_input");
    }

    private static double trueItem(Example x) {
        if (!x.predictionIsVector) {
            return x.prediction;
        }
        int c = x.classIndex(x.predictionLength);
        return c < 0 ? Double.NaN : x.predictions[c];
    }

    @Override
    public boolean inDomain(Example x) {
        double q = trueItem(x);
        return logInput ? q <= 0 : Probabilities.isProbability(q);
    }

    @Override
    public double pointwise(Example x) {
        double q = trueItem(x);
        return logInput ? -q : -x.log(Math.max(q, eps)); // shared with the row's bce
    }
}
