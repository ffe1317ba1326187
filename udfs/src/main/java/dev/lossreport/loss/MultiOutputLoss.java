package dev.lossreport.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * A loss on a pair of numbers applied per output of equal-length arrays (scikit-learn's
 * {@code multioutput}): element k of every row goes to output k's own state of the scalar loss, so
 * output k's value v_k is that loss over the rows' k-th elements (for rmse the square root of output
 * k's MSE, for r2 output k's R^2). The slice value combines them:
 * <ul>
 *   <li>{@code uniform_average}: mean over outputs of v_k;</li>
 *   <li>a weight list a: sum_k a_k * v_k / sum_k a_k;</li>
 *   <li>{@code variance_weighted}: a_k = sum_i w_i * (y_ik - mean_w(y_k))^2, output k's label sum of
 *       squares; when every output's label is constant, the uniform average (scikit-learn);</li>
 *   <li>{@code raw_values}: one report row per output, with its output index.</li>
 * </ul>
 * Outputs with weight 0 do not take part; the value is null when a taking-part output's value is.
 *
 * <p>A row counts when both arrays have K elements and every element pair it keeps (see masks) is in
 * the scalar loss's domain; a masked element is left out of its output only. The header counts rows;
 * each output's state counts the rows that reached it.
 */
public final class MultiOutputLoss extends ElementPairLoss {
    enum Combine { UNIFORM, WEIGHTS, VARIANCE, RAW }

    private final int outputs;
    private final int baseWidth;
    private final Combine combine;
    private final double[] weights;

    MultiOutputLoss(LossType type, Params params, Loss base, int outputs, Combine combine, double[] weights) {
        super(type, params, base);
        this.outputs = outputs;
        this.baseWidth = base.width();
        this.combine = combine;
        this.weights = weights;
    }

    /** The number of outputs K. */
    public int outputs() {
        return outputs;
    }

    @Override
    public boolean inDomain(Example x) {
        return x.pairedLength() == outputs && keptInDomain(x, outputs);
    }

    @Override
    public double pointwise(Example x) {
        return keptMean(x, outputs);
    }

    @Override
    protected int familyWidth() {
        return outputs * baseWidth;
    }

    private int at(int o, int k) {
        return o + HEADER + k * baseWidth;
    }

    @Override
    protected void accumulate(double[] s, int o, Example x) {
        for (int k = 0; k < outputs; k++) {
            if (x.keeps(k)) {
                base.update(s, at(o, k), element(x, k));
            }
        }
    }

    @Override
    protected void combine(double[] s, int o, double[] t, int to) {
        for (int k = 0; k < outputs; k++) {
            base.merge(s, at(o, k), t, at(to, k));
        }
    }

    /** The combined value; for {@code raw_values}, whose report has one row per output, their uniform mean. */
    @Override
    public Double value(double[] s, int o) {
        if (rows(s, o) == 0) {
            return null;
        }
        double[] a = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            a[k] = switch (combine) {
                case WEIGHTS -> weights[k];
                case VARIANCE -> MomentLoss.labelSumOfSquares(s, at(o, k));
                default -> 1.0;
            };
        }
        double total = 0;
        for (double w : a) {
            total += w;
        }
        if (!(total > 0)) {
            // variance_weighted with every output's label constant: scikit-learn falls back to uniform
            java.util.Arrays.fill(a, 1.0);
            total = outputs;
        }
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            if (a[k] == 0) {
                continue;
            }
            Double v = base.value(s, at(o, k));
            if (v == null) {
                return null;
            }
            sum += a[k] * v;
        }
        double v = sum / total;
        return Double.isNaN(v) ? null : v;
    }

    @Override
    public int reportRowCount() {
        return combine == Combine.RAW ? outputs : 1;
    }

    @Override
    public List<ReportRow> report(double[] s, int o) {
        if (combine != Combine.RAW) {
            return super.report(s, o);
        }
        List<ReportRow> out = new ArrayList<>(outputs);
        long rows = rows(s, o);
        for (int k = 0; k < outputs; k++) {
            int sk = at(o, k);
            // Rows whose k-th element was masked are masked for output k.
            out.add(new ReportRow(k, base.value(s, sk), rows(s, sk), weightSum(s, sk), invalidRows(s, o),
                    maskedRows(s, o) + rows - rows(s, sk)));
        }
        return out;
    }
}
