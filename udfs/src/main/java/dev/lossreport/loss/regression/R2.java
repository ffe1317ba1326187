package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MomentLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * Coefficient of determination (scikit-learn's {@code r2_score}, weighted):
 * 1 - sum(w * (y - p)^2) / sum(w * (y - mean_w(y))^2). Higher is better.
 *
 * <p>A constant label (zero denominator) gives 1.0 for a perfect prediction and 0.0 otherwise with
 * {@code force_finite=true} (the default, as scikit-learn); with {@code force_finite=false} it gives
 * null (0/0) or -Infinity. Fewer than 2 rows give null (scikit-learn returns NaN). Domain: finite p, y.
 * The pointwise value is (p - y)^2.
 *
 * <p>{@code through_origin=true} is Spark MLlib's R^2 of a regression through the origin (its
 * {@code RegressionMetrics(throughOrigin = true)}): 1 - sum(w * (y - p)^2) / sum(w * y^2), the
 * uncentred total sum of squares, computed as the label's M2 plus sum(w) * mean_w(y)^2.
 */
public final class R2 extends MomentLoss {
    public static final LossType TYPE = LossType.named("r2")
            .formula("1 - sum(w*(y - p)^2) / sum(w*(y - mean(y))^2)")
            .domain("finite p and y")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(Param.bool("force_finite", true,
                    "constant labels give 1.0 (perfect) or 0.0 instead of NaN or -Infinity").hiddenWhenDefault(),
                    Param.bool("through_origin", false,
                            "Spark MLlib's throughOrigin: divide by sum(w*y^2) instead of sum(w*(y - mean(y))^2)")
                            .hiddenWhenDefault())
            .build(R2::new);

    private final boolean forceFinite;
    private final boolean throughOrigin;

    private R2(Params params) {
        super(TYPE, params);
        this.forceFinite = params.bool("force_finite");
        this.throughOrigin = params.bool("through_origin");
    }

    @Override
    public double pointwise(Example x) {
        double e = x.prediction - x.label;
        return e * e;
    }

    @Override
    protected Double finish(Moments m) {
        if (m.rows() < 2) {
            return null;
        }
        double total = throughOrigin
                ? m.labelM2() + m.weightSum() * m.labelMean() * m.labelMean()
                : m.labelM2();
        return ratioScore(m.squaredErrorSum(), total, forceFinite);
    }

    /** 1 - num/den with scikit-learn's force_finite rule for a zero denominator. */
    static Double ratioScore(double numerator, double denominator, boolean forceFinite) {
        if (denominator == 0) {
            if (forceFinite) {
                return numerator == 0 ? 1.0 : 0.0;
            }
            return numerator == 0 ? null : Double.NEGATIVE_INFINITY;
        }
        return 1 - numerator / denominator;
    }
}
