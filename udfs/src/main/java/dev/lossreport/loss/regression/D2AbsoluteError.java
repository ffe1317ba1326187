package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.QuantileLoss;
import dev.lossreport.loss.Signature;

/**
 * D^2 absolute error score (scikit-learn's {@code d2_absolute_error_score}): the D^2 pinball score at
 * alpha = 0.5, 1 - sum(w * |y - p|) / sum(w * |y - median_w(y)|), with the slice's exact weighted median.
 * Higher is better; rules for zero sums and single rows as {@code d2_pinball}. The pointwise value is
 * |p - y|.
 */
public final class D2AbsoluteError extends D2Pinball {
    public static final LossType TYPE = LossType.named("d2_absolute_error")
            .formula("1 - sum(w*|y - p|) / sum(w*|y - median(y)|)")
            .domain("finite p and y (whole weights with quantile_method=linear)")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(QuantileLoss.METHOD)
            .build(D2AbsoluteError::new);

    private D2AbsoluteError(Params params) {
        super(TYPE, params, 0.5);
    }

    @Override
    public double pointwise(Example x) {
        return Math.abs(x.prediction - x.label);
    }
}
