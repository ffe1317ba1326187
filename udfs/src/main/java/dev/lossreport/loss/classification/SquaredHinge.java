package dev.lossreport.loss.classification;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Squared hinge loss (Keras' {@code squared_hinge}): l = max(0, 1 - s * f)^2 with the label sign s of
 * {@code hinge} (labels 1, 0 or -1, or {@code pos_label}); other labels are outside the domain.
 * Domain: f not NaN. Arrays: the mean over the elements of a row.
 */
public final class SquaredHinge extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("squared_hinge")
            .formula("max(0, 1 - s*f)^2, s = +1 for label 1, -1 for label 0 or -1")
            .domain("label 1, 0 or -1 (or any finite label with pos_label); f not NaN")
            .params(Margins.POS_LABEL, MeanLoss.REDUCTION)
            .build(SquaredHinge::new);

    private final Double posLabel;

    private SquaredHinge(Params params) {
        super(TYPE, params);
        this.posLabel = params.optionalReal("pos_label");
    }

    @Override
    protected boolean inDomain(double f, double y) {
        return !Double.isNaN(f) && !Double.isNaN(Margins.sign(y, posLabel));
    }

    @Override
    protected double term(double f, double y) {
        double h = Margins.hinge(Margins.sign(y, posLabel), f);
        return h * h;
    }
}
