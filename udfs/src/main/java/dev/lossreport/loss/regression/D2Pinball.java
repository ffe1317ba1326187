package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.QuantileLoss;
import dev.lossreport.loss.Signature;

/**
 * D^2 pinball score, the fraction of pinball loss explained (scikit-learn's {@code d2_pinball_score},
 * weighted): 1 - sum(w * pinball_alpha(y, p)) / sum(w * pinball_alpha(y, q)), where q is the slice's exact
 * weighted alpha-quantile of the label (the best constant prediction). Higher is better.
 *
 * <p>The quantile follows {@code quantile_method}: the default {@code averaged_inverted_cdf} depends only on
 * the weighted distribution of the labels; scikit-learn uses {@code np.percentile} ({@code linear}) without
 * weights and its weighted percentile ({@code inverted_cdf}) with them. The three agree at alpha = 0.5
 * for unit weights up to ties. A zero numerator gives 1.0, a zero denominator with a non-zero numerator
 * 0.0 (scikit-learn's rule). Fewer than 2 rows give null. Domain: finite p and y (scalars).
 * The pointwise value is the pinball loss.
 */
public class D2Pinball extends QuantileLoss {
    public static final LossType TYPE = LossType.named("d2_pinball")
            .formula("1 - sum(w*pinball(y, p)) / sum(w*pinball(y, quantile_alpha(y)))")
            .domain("finite p and y (whole weights with quantile_method=linear)")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(Quantile.ALPHA, QuantileLoss.METHOD)
            .build(D2Pinball::new);

    private D2Pinball(Params params) {
        super(TYPE, params, params.real("alpha"));
    }

    D2Pinball(LossType type, Params params, double alpha) {
        super(type, params, alpha);
    }

    @Override
    protected final boolean valuesInDomain(Example x) {
        return !x.predictionIsVector && Double.isFinite(x.prediction) && Double.isFinite(x.label);
    }

    @Override
    public final double orderedValue(Example x) {
        return x.label;
    }

    @Override
    protected final double modelTerm(Example x) {
        return Quantile.pinball(x.prediction, x.label, alpha());
    }

    @Override
    public double pointwise(Example x) {
        return modelTerm(x);
    }

    @Override
    protected final Double finish(long rows, double weightSum, double modelSum, double quantile, double spread) {
        if (rows < 2) {
            return null;
        }
        if (modelSum == 0) {
            return 1.0;
        }
        return spread == 0 ? 0.0 : 1 - modelSum / spread;
    }
}
