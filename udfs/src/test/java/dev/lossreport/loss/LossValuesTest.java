package dev.lossreport.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * One row per loss (and per edge case) with a value derived by hand: each expected value is written
 * as the arithmetic a person does on paper, never with the loss's own code.
 */
class LossValuesTest {

    private static final double[] P = {1, 2, 4};
    private static final double[] Y = {0, 2, 2};

    static Stream<Arguments> cases() {
        double ln2 = Math.log(2);
        return Stream.of(
                // e = p - y = [1, 0, 2]
                row("mse", scalars(P, Y), (1 + 0 + 4) / 3.0),
                row("mse", weighted(P, Y, new double[]{1, 1, 2}), (1 + 0 + 2 * 4) / 4.0),
                row("mse(reduction=sum)", scalars(P, Y), 5.0),
                row("mse(reduction=sum_over_batch_size)", weighted(P, Y, new double[]{1, 1, 2}), (1 + 0 + 8) / 3.0),
                row("rmse", scalars(P, Y), Math.sqrt(5 / 3.0)),
                row("mae", scalars(P, Y), (1 + 0 + 2) / 3.0),
                // |e| = 0.5, 1 (quadratic at delta exactly), 3 (linear: 1 * (3 - 0.5))
                row("huber", scalars(new double[]{0.5, 1, 3}, new double[]{0, 0, 0}), (0.125 + 0.5 + 2.5) / 3),
                row("huber(delta=2)", scalars(new double[]{3}, new double[]{0}), 2 * (3 - 1.0)),
                row("log_cosh", scalars(new double[]{1}, new double[]{0}), Math.log(Math.cosh(1.0))),
                // cosh(1000) overflows; log(cosh(x)) = x - log 2 for large x.
                row("log_cosh", scalars(new double[]{1000}, new double[]{0}), 1000 - ln2),
                row("mean_error", scalars(P, Y), (1 + 0 + 2) / 3.0),
                // mean 1, deviations [0, -1, 1]
                row("error_variance", scalars(P, Y), (0 + 1 + 1) / 3.0),
                // scikit-learn's r2_score docstring example
                row("r2", scalars(new double[]{2.5, 0.0, 2, 8}, new double[]{3, -0.5, 2, 7}), 0.9486081370449679),
                row("r2", scalars(new double[]{1, 2, 3}, new double[]{1, 2, 3}), 1.0),
                // constant labels: 1.0 when perfect, 0.0 otherwise (force_finite)
                row("r2", scalars(new double[]{1, 1}, new double[]{1, 1}), 1.0),
                row("r2", scalars(new double[]{1, 2}, new double[]{1, 1}), 0.0),
                row("r2(force_finite=false)", scalars(new double[]{1, 2}, new double[]{1, 1}), Double.NEGATIVE_INFINITY),
                row("bce", scalars(new double[]{0.8}, new double[]{1}), -Math.log(0.8)),
                // a tie: soft label 0.5
                row("bce", scalars(new double[]{0.8}, new double[]{0.5}), -(0.5 * Math.log(0.8) + 0.5 * Math.log(0.2))),
                row("bce(eps=0.1)", scalars(new double[]{1.0}, new double[]{0}), -Math.log(0.1)),
                row("bce(eps=0)", scalars(new double[]{1.0}, new double[]{1}), 0.0),
                row("bce(eps=0)", scalars(new double[]{1.0}, new double[]{0}), Double.POSITIVE_INFINITY),
                row("bce(label_smoothing=0.2)", scalars(new double[]{0.8}, new double[]{1}),
                        -(0.9 * Math.log(0.8) + 0.1 * Math.log(0.2))),
                row("bce_logits", scalars(new double[]{0}, new double[]{1}), ln2),
                row("bce_logits", scalars(new double[]{2}, new double[]{0}), Math.log(1 + Math.exp(2))),
                row("bce_logits", scalars(new double[]{Double.POSITIVE_INFINITY}, new double[]{1}), 0.0),
                row("bce_logits", scalars(new double[]{Double.NEGATIVE_INFINITY}, new double[]{1}), Double.POSITIVE_INFINITY),
                row("bce_logits", scalars(new double[]{-800}, new double[]{1}), 800.0),
                row("brier", scalars(new double[]{0.8, 0.3}, new double[]{1, 0.5}), (0.04 + 0.04) / 2),
                row("brier(pos_label=-1)", scalars(new double[]{0.4}, new double[]{-1}), 0.36),
                row("brier", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{1}), 0.04 + 0.25 + 0.09),
                row("cce", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{1}), Math.log(2)),
                row("cce", vectors(new double[][]{{0.2, 0.5, 0.3}}, new double[][]{{0, 0.5, 0.5}}),
                        -(0.5 * Math.log(0.5) + 0.5 * Math.log(0.3))),
                // a row summing to 2 is renormalized to [0.25, 0.5, 0.25]
                row("cce(normalize_rows=true)", indexed(new double[][]{{0.5, 1.0, 0.5}}, new double[]{0}), Math.log(4)),
                // logits [0, 0, 0]: uniform, -log(1/3)
                row("cce(from_logits=true)", indexed(new double[][]{{0, 0, 0}}, new double[]{2}), Math.log(3)),
                row("cce(from_logits=true)", indexed(new double[][]{{1000, 0, 0}}, new double[]{0}), 0.0),
                row("cce(from_logits=true)", indexed(new double[][]{{Double.POSITIVE_INFINITY, 0, 0}}, new double[]{1}),
                        Double.POSITIVE_INFINITY),
                row("nll", scalars(new double[]{0.25}, new double[]{Double.NaN}), Math.log(4)),
                row("nll(log_input=true)", scalars(new double[]{-2}, new double[]{Double.NaN}), 2.0),
                row("nll", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{2}), -Math.log(0.3)));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("cases")
    void matchesHandDerivedValue(String spec, List<Example> rows, Double expected) {
        Loss loss = Losses.parse(spec);
        double[] s = new double[loss.width()];
        rows.forEach(x -> loss.update(s, 0, x));
        assertEquals(expected, loss.value(s, 0), Math.abs(expected) * 1e-13 + 1e-15, spec);
    }

    static Stream<Arguments> undefined() {
        return Stream.of(
                row("mse", List.of(), null),
                row("mse", weighted(P, Y, new double[]{0, 0, 0}), null),
                row("mse", scalars(new double[]{Double.NaN}, new double[]{1}), null),
                row("bce", scalars(new double[]{1.5}, new double[]{1}), null),
                row("bce", scalars(new double[]{0.5}, new double[]{2}), null),
                row("cce", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{3}), null),
                row("cce", indexed(new double[][]{{0.2, 0.5, 0.2}}, new double[]{0}), null),
                row("r2", scalars(new double[]{1}, new double[]{2}), null));
    }

    @ParameterizedTest(name = "{0} undefined")
    @MethodSource("undefined")
    void undefinedSlicesAreNull(String spec, List<Example> rows, Double ignored) {
        Loss loss = Losses.parse(spec);
        double[] s = new double[loss.width()];
        rows.forEach(x -> loss.update(s, 0, x));
        assertNull(loss.value(s, 0), spec);
    }

    private static Arguments row(String spec, List<Example> rows, Double expected) {
        return Arguments.of(spec, rows, expected);
    }

    static List<Example> scalars(double[] p, double[] y) {
        return weighted(p, y, null);
    }

    static List<Example> weighted(double[] p, double[] y, double[] w) {
        return java.util.stream.IntStream.range(0, p.length)
                .mapToObj(i -> Example.scalar(p[i], y[i], w == null ? 1.0 : w[i])).toList();
    }

    static List<Example> indexed(double[][] p, double[] c) {
        return java.util.stream.IntStream.range(0, p.length).mapToObj(i -> Example.indexed(p[i], c[i], 1.0)).toList();
    }

    static List<Example> vectors(double[][] p, double[][] y) {
        return java.util.stream.IntStream.range(0, p.length).mapToObj(i -> Example.vectors(p[i], y[i], 1.0)).toList();
    }
}
