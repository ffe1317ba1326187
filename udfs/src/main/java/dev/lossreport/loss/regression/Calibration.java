package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;
import dev.lossreport.loss.Sums;

/**
 * Calibration ratio sum(w * p) / sum(w * y) (TFMA's {@code Calibration}): 1 when the predictions add
 * up to the labels, above 1 when the model over-predicts in total. Null when sum(w * y) is 0 (the ratio
 * is undefined). Domain: finite p and y. The pointwise value is p.
 */
public final class Calibration extends Loss {
    public static final LossType TYPE = LossType.named("calibration")
            .formula("sum(w*p) / sum(w*y)")
            .domain("finite p and y")
            .direction(Direction.ONE_IS_BEST)
            .signature(Signature.SCALAR)
            .build(Calibration::new);

    private static final int PREDICTIONS = HEADER;
    private static final int LABELS = HEADER + 2;

    private Calibration(Params params) {
        super(TYPE, params);
    }

    @Override
    public boolean inDomain(Example x) {
        return !x.predictionIsVector && Double.isFinite(x.prediction) && Double.isFinite(x.label);
    }

    @Override
    public double pointwise(Example x) {
        return x.prediction;
    }

    @Override
    protected int familyWidth() {
        return 4;
    }

    @Override
    protected void accumulate(double[] s, int o, Example x) {
        if (x.weight != 0) {
            Sums.add(s, o + PREDICTIONS, x.weight * x.prediction);
            Sums.add(s, o + LABELS, x.weight * x.label);
        }
    }

    @Override
    protected void combine(double[] s, int o, double[] t, int to) {
        Sums.merge(s, o + PREDICTIONS, t, to + PREDICTIONS);
        Sums.merge(s, o + LABELS, t, to + LABELS);
    }

    @Override
    public Double value(double[] s, int o) {
        double labels = Sums.value(s, o + LABELS);
        if (rows(s, o) == 0 || labels == 0) {
            return null;
        }
        double v = Sums.value(s, o + PREDICTIONS) / labels;
        return Double.isNaN(v) ? null : v;
    }
}
