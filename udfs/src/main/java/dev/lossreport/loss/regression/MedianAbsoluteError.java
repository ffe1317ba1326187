package dev.lossreport.loss.regression;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.QuantileLoss;
import dev.lossreport.loss.Signature;

/**
 * Median absolute error: the weighted median of |p - y| over the slice (scikit-learn's
 * {@code median_absolute_error}), exact, by default with {@code averaged_inverted_cdf}, which is
 * {@code np.median} for unit weights (the mean of the two middle errors of an even count) and
 * scikit-learn's weighted median with weights. Domain: finite p and y (scalars). The pointwise value is
 * |p - y|.
 */
public final class MedianAbsoluteError extends QuantileLoss {
    public static final LossType TYPE = LossType.named("median_absolute_error")
            .formula("weighted median of |p - y|")
            .domain("finite p and y (whole weights with quantile_method=linear)")
            .signature(Signature.SCALAR)
            .params(QuantileLoss.METHOD)
            .build(MedianAbsoluteError::new);

    private MedianAbsoluteError(Params params) {
        super(TYPE, params, 0.5);
    }

    @Override
    protected boolean valuesInDomain(Example x) {
        return !x.predictionIsVector && Double.isFinite(x.prediction) && Double.isFinite(x.label);
    }

    @Override
    public double orderedValue(Example x) {
        return Math.abs(x.prediction - x.label);
    }

    @Override
    protected double modelTerm(Example x) {
        return orderedValue(x);
    }

    @Override
    public double pointwise(Example x) {
        return orderedValue(x);
    }

    @Override
    protected Double finish(long rows, double weightSum, double modelSum, double quantile, double spread) {
        return quantile;
    }
}
