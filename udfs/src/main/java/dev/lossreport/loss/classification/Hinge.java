package dev.lossreport.loss.classification;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Binary hinge loss of a decision value f (a score or logit, not a probability) against a label in
 * {0, 1} or {-1, 1}: l = max(0, 1 - s * f) with s = +1 for label 1 and -1 for labels 0 and -1
 * (scikit-learn's and Keras' {@code hinge}). With {@code pos_label} set, s = +1 when the label equals it
 * and -1 otherwise (scikit-learn maps the greater of two labels to +1). Any other label, such as a tie
 * labelled 0.5, is outside the domain and counted in invalid_rows: a margin has no half-right side.
 * Domain: f not NaN (infinite f gives 0 or +Infinity). Arrays: the mean over the elements of a row.
 */
public final class Hinge extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("hinge")
            .formula("max(0, 1 - s*f), s = +1 for label 1, -1 for label 0 or -1")
            .domain("label 1, 0 or -1 (or any finite label with pos_label); f not NaN")
            .params(Margins.POS_LABEL, MeanLoss.REDUCTION)
            .build(Hinge::new);

    private final Double posLabel;

    private Hinge(Params params) {
        super(TYPE, params);
        this.posLabel = params.optionalReal("pos_label");
    }

    @Override
    protected boolean inDomain(double f, double y) {
        return !Double.isNaN(f) && !Double.isNaN(Margins.sign(y, posLabel));
    }

    @Override
    protected double term(double f, double y) {
        return Margins.hinge(Margins.sign(y, posLabel), f);
    }
}
