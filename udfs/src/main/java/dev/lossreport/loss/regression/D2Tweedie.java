package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;
import dev.lossreport.loss.Sums;

/**
 * D^2 Tweedie score, the fraction of Tweedie deviance explained (scikit-learn's {@code d2_tweedie_score},
 * weighted): 1 - sum(w * d(y, p)) / sum(w * d(y, mean_w(y))), d the unit deviance of the power
 * ({@link Tweedie}). Power 0 is r2. Higher is better.
 *
 * <p>The null deviance needs the slice's mean label, which is known only at the end, so the state keeps
 * D_K = sum(w * d(y, K)) about a fixed reference K (the partition's first label, or its first prediction
 * when the label is not a valid mean) and uses the Bregman identity
 * sum(w * d(y, m)) = D_K - sum(w) * d(m, K) for the mean m; two states with references K1 and K2 are
 * aligned with D_K1 = D_K2 + sum(w) * (d(m, K1) - d(m, K2)). The minimum and maximum label are kept so
 * that a constant label has a null deviance of exactly 0.
 *
 * <p>A zero null deviance (constant labels) gives 1.0 for a perfect prediction and 0.0 otherwise with
 * {@code force_finite=true} (the default, as r2; scikit-learn returns NaN or -Infinity there, which is
 * {@code force_finite=false}). Fewer than 2 rows give null. Domain: that of the power's deviance.
 */
public final class D2Tweedie extends Loss {
    public static final LossType TYPE = LossType.named("d2_tweedie")
            .formula("1 - sum(w*d(y, p)) / sum(w*d(y, mean(y))), d the Tweedie deviance of the power")
            .domain("that of tweedie_deviance of the power")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.SCALAR)
            .params(Tweedie.POWER, Param.bool("force_finite", true,
                    "constant labels give 1.0 (perfect) or 0.0 instead of NaN or -Infinity").hiddenWhenDefault())
            .build(D2Tweedie::new);

    private static final int MODEL = HEADER;        // compensated sum of w * d(y, p)
    private static final int LABELS = HEADER + 2;   // compensated sum of w * y
    private static final int SHIFT = HEADER + 4;    // the reference K
    private static final int NULL = HEADER + 5;     // compensated sum of w * d(y, K)
    private static final int MIN = HEADER + 7;
    private static final int MAX = HEADER + 8;

    private final double power;
    private final boolean forceFinite;

    private D2Tweedie(Params params) {
        super(TYPE, params);
        this.power = params.real("power");
        this.forceFinite = params.bool("force_finite");
    }

    @Override
    public boolean inDomain(Example x) {
        return !x.predictionIsVector && Tweedie.inDomain(x.label, x.prediction, power);
    }

    @Override
    public double pointwise(Example x) {
        return Tweedie.deviance(x.label, x.prediction, power);
    }

    @Override
    protected int familyWidth() {
        return 9;
    }

    @Override
    protected void accumulate(double[] s, int o, Example x) {
        double y = x.label;
        if (s[o + ROWS] == 1) {
            s[o + SHIFT] = Tweedie.inDomain(y, y, power) ? y : x.prediction;
        }
        double w = x.weight;
        if (w == 0) {
            return;
        }
        // A zero weight is a dropped row: only rows of positive weight set the label range.
        boolean first = weightSum(s, o) == w;
        s[o + MIN] = first ? y : Math.min(s[o + MIN], y);
        s[o + MAX] = first ? y : Math.max(s[o + MAX], y);
        Sums.add(s, o + MODEL, w * Tweedie.deviance(y, x.prediction, power));
        Sums.add(s, o + LABELS, w * y);
        Sums.add(s, o + NULL, w * Tweedie.deviance(y, s[o + SHIFT], power));
    }

    @Override
    protected void combine(double[] s, int o, double[] t, int to) {
        if (t[to + ROWS] == 0) {
            return;
        }
        if (s[o + ROWS] == 0) {
            System.arraycopy(t, to + HEADER, s, o + HEADER, familyWidth());
            return;
        }
        double wt = weightSum(t, to);
        Sums.merge(s, o + MODEL, t, to + MODEL);
        Sums.merge(s, o + LABELS, t, to + LABELS);
        Sums.merge(s, o + NULL, t, to + NULL);
        if (wt > 0) {
            double mean = Sums.value(t, to + LABELS) / wt;
            Sums.add(s, o + NULL, wt * (Tweedie.deviance(mean, s[o + SHIFT], power)
                    - Tweedie.deviance(mean, t[to + SHIFT], power)));
            if (weightSum(s, o) > 0) {
                s[o + MIN] = Math.min(s[o + MIN], t[to + MIN]);
                s[o + MAX] = Math.max(s[o + MAX], t[to + MAX]);
            } else {
                s[o + MIN] = t[to + MIN];
                s[o + MAX] = t[to + MAX];
            }
        }
    }

    @Override
    public Double value(double[] s, int o) {
        double w = weightSum(s, o);
        if (rows(s, o) < 2 || !(w > 0)) {
            return null;
        }
        double model = Sums.value(s, o + MODEL);
        double nullDeviance = 0;
        if (s[o + MIN] != s[o + MAX]) {
            double mean = Sums.value(s, o + LABELS) / w;
            nullDeviance = Math.max(0, Sums.value(s, o + NULL) - w * Tweedie.deviance(mean, s[o + SHIFT], power));
        }
        Double v = R2.ratioScore(model, nullDeviance, forceFinite);
        return v == null || Double.isNaN(v) ? null : v;
    }
}
