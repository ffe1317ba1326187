package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MomentLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Explained variance score (scikit-learn's {@code explained_variance_score}, weighted):
 * 1 - Var_w(y - p) / Var_w(y). Unlike r2 it does not penalise a constant offset of the predictions.
 * Higher is better. A constant label gives 1.0 when the errors are constant too and 0.0 otherwise with
 * {@code force_finite=true} (the default, as scikit-learn); {@code force_finite=false} gives null (0/0)
 * or -Infinity. A single row has zero variances, so it scores 1.0 like scikit-learn (which has no
 * minimum row count here, unlike r2). Domain: finite p and y (scalars). The pointwise value is p - y.
 */
public final class ExplainedVariance extends MomentLoss {
    public static final LossType TYPE = LossType.named("explained_variance")
            .formula("1 - Var(y - p) / Var(y)")
            .domain("finite p and y")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(Param.bool("force_finite", true,
                    "constant labels give 1.0 (constant errors) or 0.0 instead of NaN or -Infinity").hiddenWhenDefault())
            .build(ExplainedVariance::new);

    private final boolean forceFinite;

    private ExplainedVariance(Params params) {
        super(TYPE, params);
        this.forceFinite = params.bool("force_finite");
    }

    @Override
    public double pointwise(Example x) {
        return x.prediction - x.label;
    }

    @Override
    protected Double finish(Moments m) {
        return R2.ratioScore(m.errorM2(), m.labelM2(), forceFinite);
    }
}
