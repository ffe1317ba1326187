package dev.lossreport.loss.regression;

import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.Log1p;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * Mean squared logarithmic error (scikit-learn's {@code mean_squared_log_error}):
 * l = (log1p(p) - log1p(y))^2. Domain: finite p >= 0 and y >= 0; rows with a negative value do not
 * count. With {@code floor} set, values below it are raised to it first (Keras: log(max(x, 1e-7) + 1)),
 * so negative values count. Arrays: the mean over the elements of a row.
 */
public final class Msle extends ElementwiseLoss {
    /** Values below the floor are raised to it; unset: negative values are outside the domain. */
    static final Param FLOOR = new Param("floor", Param.Kind.REAL, null,
            "values below it are raised to it before the log (Keras: 1e-7); unset: negative values do not count",
            f -> (Double) f > -1 && (Double) f < Double.POSITIVE_INFINITY, "a finite number > -1", java.util.List.of(), false);

    public static final LossType TYPE = LossType.named("msle")
            .formula("(log(1 + p) - log(1 + y))^2")
            .domain("finite p >= 0 and y >= 0 (any finite values with floor set)")
            .params(FLOOR, MeanLoss.REDUCTION)
            .build(Msle::new);

    private final Double floor;

    private Msle(Params params) {
        super(TYPE, params);
        this.floor = params.optionalReal("floor");
    }

    @Override
    protected boolean inDomain(double p, double y) {
        return inLogDomain(p, y, floor);
    }

    @Override
    protected double term(double p, double y) {
        return squaredLogError(p, y, floor);
    }

    static boolean inLogDomain(double p, double y, Double floor) {
        if (floor != null) {
            return Double.isFinite(p) && Double.isFinite(y);
        }
        return p >= 0 && y >= 0 && p < Double.POSITIVE_INFINITY && y < Double.POSITIVE_INFINITY;
    }

    static double squaredLogError(double p, double y, Double floor) {
        double a = floor == null ? p : Math.max(p, floor);
        double b = floor == null ? y : Math.max(y, floor);
        double d = Log1p.of(a) - Math.log1p(b);
        return d * d;
    }
}
