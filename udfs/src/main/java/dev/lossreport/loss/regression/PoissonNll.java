package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Poisson negative log-likelihood without its constant log(y!) term, Keras' {@code poisson} loss and
 * PyTorch's {@code PoissonNLLLoss(log_input=False)}: l = p - y * log(p + eps), eps = 1e-7 (Keras;
 * PyTorch uses 1e-8). It can be negative and is not 0 for a perfect prediction; the deviance with
 * those properties is {@code poisson_deviance}. With {@code log_input=true} the prediction is the log
 * rate x and l = exp(x) - y * x. Domain: y >= 0; p >= 0 (any finite x with log_input).
 */
public final class PoissonNll extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("poisson_nll")
            .formula("p - y*log(p + eps)  (exp(x) - y*x with log_input)")
            .domain("y >= 0; p >= 0 (any finite log rate with log_input)")
            .params(Param.real("eps", 1e-7, "added to p inside the log (Keras 1e-7, PyTorch 1e-8)",
                            e -> e >= 0 && e < Double.POSITIVE_INFINITY, "a finite number >= 0"),
                    Param.bool("log_input", false, "the prediction is the log of the rate").hiddenWhenDefault(),
                    MeanLoss.REDUCTION)
            .build(PoissonNll::new);

    private final double eps;
    private final boolean logInput;

    private PoissonNll(Params params) {
        super(TYPE, params);
        this.eps = params.real("eps");
        this.logInput = params.bool("log_input");
    }

    @Override
    protected boolean inDomain(double p, double y) {
        boolean label = y >= 0 && y < Double.POSITIVE_INFINITY;
        return label && (logInput ? Double.isFinite(p) : p >= 0 && p < Double.POSITIVE_INFINITY);
    }

    @Override
    protected double term(double p, double y) {
        if (logInput) {
            return Math.exp(p) - y * p;
        }
        // y = 0 with p + eps = 0 would be 0 * -Infinity: the term of a zero count is 0.
        return y == 0 ? p : p - y * Math.log(p + eps);
    }
}
