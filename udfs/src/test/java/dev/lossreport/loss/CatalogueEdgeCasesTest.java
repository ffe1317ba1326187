package dev.lossreport.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.lossreport.loss.LossValuesTest.indexed;
import static dev.lossreport.loss.LossValuesTest.scalars;
import static dev.lossreport.loss.LossValuesTest.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The edge cases of the loss catalogue, one test each: domain boundaries, probabilities of exactly 0
 * and 1, infinite logits, constant labels for the variance-based scores, and (for every registered
 * loss) empty, all-invalid and zero-weight slices. Expected values are worked out by hand.
 */
class CatalogueEdgeCasesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    /** -log(1e-15): the cost of a certain wrong probability, clipped at eps = 1e-15. */
    private static final double CLIPPED = -Math.log(1e-15);

    static Stream<Arguments> domainBoundaries() {
        return Stream.of(
                in("mape", Example.scalar(1, 0, 1), true),
                in("mape", Example.scalar(INF, 1, 1), false),
                in("msle", Example.scalar(0, 0, 1), true),
                in("msle", Example.scalar(-1e-300, 0, 1), false),
                in("msle(floor=1e-7)", Example.scalar(-5, 1, 1), true),
                in("rmsle", Example.scalar(1, -1, 1), false),
                in("poisson_deviance", Example.scalar(1e-300, 0, 1), true),
                in("poisson_deviance", Example.scalar(0, 1, 1), false),
                in("poisson_deviance", Example.scalar(1, -1, 1), false),
                in("gamma_deviance", Example.scalar(1, 0, 1), false),
                in("gamma_deviance", Example.scalar(1, 1e-300, 1), true),
                in("tweedie_deviance(power=1.5)", Example.scalar(1, 0, 1), true),
                in("tweedie_deviance(power=1.5)", Example.scalar(0, 1, 1), false),
                in("tweedie_deviance(power=-1)", Example.scalar(1, -3, 1), true),
                in("tweedie_deviance(power=-1)", Example.scalar(0, 3, 1), false),
                in("tweedie_deviance", Example.scalar(-3, -4, 1), true),
                in("d2_tweedie(power=2)", Example.scalar(1, 0, 1), false),
                in("poisson_nll", Example.scalar(0, 0, 1), true),
                in("poisson_nll", Example.scalar(1, -1, 1), false),
                in("poisson_nll", Example.scalar(-1, 1, 1), false),
                in("poisson_nll(log_input=true)", Example.scalar(-5, 1, 1), true),
                in("quantile", Example.scalar(INF, 1, 1), false),
                in("hinge", Example.scalar(0.3, 0.5, 1), false),
                in("hinge", Example.scalar(0.3, -1, 1), true),
                in("hinge", Example.scalar(0.3, 2, 1), false),
                in("hinge(pos_label=2)", Example.scalar(0.3, 7, 1), true),
                in("hinge", Example.scalar(NAN, 1, 1), false),
                in("hinge", Example.scalar(Double.NEGATIVE_INFINITY, 1, 1), true),
                in("squared_hinge", Example.scalar(0.3, 0.5, 1), false),
                in("multiclass_hinge", Example.indexed(new double[]{1}, 0, 1), false),
                in("multiclass_hinge", Example.indexed(new double[]{INF, INF}, 0, 1), false),
                in("multiclass_hinge", Example.indexed(new double[]{INF, 0}, 0, 1), true),
                in("multiclass_hinge", Example.indexed(new double[]{1, 0, 2}, 3, 1), false),
                in("multiclass_hinge", Example.indexed(new double[]{1, 0, 2}, 1.5, 1), false),
                in("categorical_hinge", Example.vectors(new double[]{1, 0}, new double[]{1.5, 0}, 1), false),
                in("categorical_hinge", Example.vectors(new double[]{1, 0}, new double[]{0, 0}, 1), true),
                in("categorical_hinge", Example.vectors(new double[]{INF, 0}, new double[]{1, 0}, 1), false),
                in("focal", Example.scalar(1, 1, 1), true),
                in("focal", Example.scalar(Math.nextUp(1.0), 1, 1), false),
                in("focal", Example.scalar(0.3, 0.5, 1), true),
                in("categorical_focal", Example.indexed(new double[]{0.5, 0.4}, 0, 1), false),
                in("categorical_focal(sum_tolerance=0.2)", Example.indexed(new double[]{0.5, 0.4}, 0, 1), true),
                in("kl_divergence", Example.vectors(new double[]{1.2, 0}, new double[]{1, 0}, 1), false),
                in("kl_divergence", Example.vectors(new double[]{1, 0}, new double[]{1, 0, 0}, 1), false),
                in("cosine_similarity", Example.vectors(new double[]{NAN, 0}, new double[]{1, 0}, 1), false),
                in("cosine_similarity", Example.vectors(new double[]{0, 0}, new double[]{0, 0}, 1), true),
                in("accuracy", Example.scalar(0.7, 2, 1), false),
                in("accuracy", Example.scalar(NAN, 1, 1), false),
                in("accuracy(predicted_class=true)", Example.scalar(2, 2, 1), true),
                in("zero_one", Example.vectors(new double[]{1, 0}, new double[]{0.5, 0}, 1), false),
                in("top_k_accuracy", Example.indexed(new double[]{0.5, 0.5}, -1, 1), false),
                in("top_k_accuracy", Example.indexed(new double[]{NAN, 0.5}, 1, 1), false),
                in("d2_log_loss", Example.scalar(0.5, 0.5, 1), false),
                in("d2_log_loss(num_classes=3)", Example.indexed(new double[]{0.5, 0.5}, 0, 1), false),
                in("d2_log_loss(num_classes=3)", Example.indexed(new double[]{0.5, 0.25, 0.25}, 2, 1), true),
                // linear quantiles count rows as frequencies: whole weights only
                in("median_absolute_error(quantile_method=linear)", Example.scalar(1, 0, 0.5), false),
                in("median_absolute_error(quantile_method=linear)", Example.scalar(1, 0, 2), true),
                in("median_absolute_error", Example.scalar(1, 0, 0.5), true));
    }

    @ParameterizedTest(name = "{0} in domain of {1}: {2}")
    @MethodSource("domainBoundaries")
    void domainBoundary(String spec, Example x, boolean expected) {
        Loss loss = Losses.parse(spec);
        assertEquals(expected, loss.inDomain(x), spec);
        double[] s = Evaluate.state(loss, List.of(x));
        assertEquals(expected ? 1 : 0, Loss.rows(s, 0), spec + " rows");
        assertEquals(expected ? 0 : 1, Loss.invalidRows(s, 0), spec + " invalid_rows");
    }

    static Stream<Arguments> probabilitiesZeroAndOne() {
        return Stream.of(
                value("focal", scalars(new double[]{1, 0}, new double[]{1, 0}), 0.0),
                // wrong and certain: the focal factor is 1, the cross-entropy clipped
                value("focal", scalars(new double[]{0}, new double[]{1}), CLIPPED),
                value("focal", scalars(new double[]{1}, new double[]{0}), -Math.log1p(-(1 - 1e-15))),
                value("focal(eps=0)", scalars(new double[]{0}, new double[]{1}), INF),
                // one-hot probabilities: clipped to 1 - 1e-15, a focal factor of about 1e-30
                value("categorical_focal", indexed(new double[][]{{1, 0, 0}}, new double[]{0}), 0.0),
                value("categorical_focal(eps=0)", indexed(new double[][]{{0, 1, 0}}, new double[]{0}), INF),
                value("kl_divergence", vectors(new double[][]{{0, 1}}, new double[][]{{1, 0}}), CLIPPED),
                value("kl_divergence", vectors(new double[][]{{1, 0}}, new double[][]{{1, 0}}), 0.0),
                value("d2_log_loss(eps=0)", scalars(new double[]{0, 0.5}, new double[]{1, 0}), Double.NEGATIVE_INFINITY),
                value("d2_log_loss(eps=0)", scalars(new double[]{1, 0}, new double[]{1, 0}), 1.0),
                value("accuracy", scalars(new double[]{1, 0, 0.5}, new double[]{1, 0, 0}), 1.0),
                value("hamming", vectors(new double[][]{{1, 0, 1}}, new double[][]{{1, 0, 0}}), 1 / 3.0),
                value("brier", indexed(new double[][]{{1, 0, 0}}, new double[]{0}), 0.0),
                value("brier", indexed(new double[][]{{0, 1, 0}}, new double[]{0}), 2.0));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("probabilitiesZeroAndOne")
    void probabilityOfZeroOrOne(String spec, List<Example> rows, Double expected) {
        assertValue(spec, rows, expected);
    }

    static Stream<Arguments> infiniteLogits() {
        return Stream.of(
                value("focal(from_logits=true)", scalars(new double[]{INF, -INF}, new double[]{1, 0}), 0.0),
                value("focal(from_logits=true)", scalars(new double[]{-INF}, new double[]{1}), INF),
                value("focal(from_logits=true)", scalars(new double[]{INF}, new double[]{0.5}), INF),
                value("focal(from_logits=true,label_smoothing=0.1)", scalars(new double[]{INF}, new double[]{1}), INF),
                value("categorical_focal(from_logits=true)", indexed(new double[][]{{INF, 0, 0}}, new double[]{0}), 0.0),
                value("categorical_focal(from_logits=true)", indexed(new double[][]{{INF, 0, 0}}, new double[]{1}), INF),
                // two +Infinity logits share the mass: q = 1/2
                value("categorical_focal(from_logits=true)", indexed(new double[][]{{INF, INF, 0}}, new double[]{0}),
                        0.25 * 0.25 * Math.log(2)),
                value("squared_hinge", scalars(new double[]{-INF}, new double[]{1}), INF),
                value("hinge", scalars(new double[]{-INF}, new double[]{0}), 0.0),
                value("multiclass_hinge", indexed(new double[][]{{INF, 0}}, new double[]{0}), 0.0),
                value("multiclass_hinge", indexed(new double[][]{{0, INF}}, new double[]{0}), INF),
                value("multiclass_hinge", indexed(new double[][]{{-INF, 0}}, new double[]{1}), 0.0),
                value("top_k_accuracy(k=1)", indexed(new double[][]{{INF, 0, 0}}, new double[]{0}), 1.0),
                value("top_k_accuracy(k=1)", indexed(new double[][]{{INF, INF, 0}}, new double[]{1}), 0.0),
                value("accuracy", indexed(new double[][]{{INF, 0}}, new double[]{0}), 1.0),
                value("accuracy", scalars(new double[]{INF, -INF}, new double[]{1, 0}), 1.0));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("infiniteLogits")
    void infiniteLogit(String spec, List<Example> rows, Double expected) {
        assertValue(spec, rows, expected);
    }

    static Stream<Arguments> constantLabels() {
        double[] two = {2, 2, 2};
        double[] off = {1, 2, 3};
        double big = 1e9;
        return Stream.of(
                // constant errors are fully explained: explained variance ignores offsets
                value("explained_variance", scalars(new double[]{3, 3, 3}, two), 1.0),
                value("explained_variance", scalars(off, two), 0.0),
                value("explained_variance(force_finite=false)", scalars(off, two), Double.NEGATIVE_INFINITY),
                value("explained_variance(force_finite=false)", scalars(two, two), null),
                value("r2", scalars(two, two), 1.0),
                value("r2", scalars(off, two), 0.0),
                value("d2_tweedie", scalars(two, two), 1.0),
                value("d2_tweedie", scalars(off, two), 0.0),
                value("d2_tweedie(power=1)", scalars(off, two), 0.0),
                value("d2_tweedie(power=2)", scalars(two, two), 1.0),
                value("d2_tweedie(power=2,force_finite=false)", scalars(off, two), Double.NEGATIVE_INFINITY),
                // all labels 0 under Poisson: the null model predicts 0 and has no deviance
                value("d2_tweedie(power=1)", scalars(new double[]{1, 1, 1}, new double[]{0, 0, 0}), 0.0),
                // a constant label far from 0 still has a null deviance of exactly 0
                value("d2_tweedie", scalars(new double[]{big, big + 1, big - 1}, new double[]{big + 0.1, big + 0.1, big + 0.1}), 0.0),
                value("d2_tweedie(power=1)", scalars(new double[]{big, big + 1, big + 2}, new double[]{big, big, big}), 0.0),
                value("d2_pinball", scalars(two, two), 1.0),
                value("d2_pinball(alpha=0.9)", scalars(off, two), 0.0),
                value("d2_absolute_error", scalars(off, two), 0.0),
                value("d2_absolute_error", scalars(two, two), 1.0),
                value("d2_log_loss", scalars(new double[]{0.8, 0.9}, new double[]{1, 1}), 0.0),
                value("d2_log_loss(force_finite=false)", scalars(new double[]{0.8, 0.9}, new double[]{1, 1}), Double.NEGATIVE_INFINITY),
                value("d2_log_loss(eps=0)", scalars(new double[]{1, 1}, new double[]{1, 1}), 1.0),
                value("median_absolute_error", scalars(two, two), 0.0),
                value("calibration", scalars(off, two), 1.0));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("constantLabels")
    void constantLabel(String spec, List<Example> rows, Double expected) {
        assertValue(spec, rows, expected);
    }

    static Stream<Arguments> everyLoss() {
        return StateMergeTest.lossesAndShapes();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyLoss")
    void emptyAllInvalidAndZeroWeightSlicesAreNull(String name, Signature.Pair pair) {
        Loss loss = StateMergeTest.create(name);
        assertNull(Evaluate.value(loss, List.of()), name + " of no rows");

        List<Example> invalid = new ArrayList<>();
        for (Example x : StateMergeTest.rows(pair, 5, 1, false)) {
            x.weight = NAN;
            invalid.add(x);
        }
        double[] s = Evaluate.state(loss, invalid);
        assertNull(loss.value(s, 0), name + " of invalid rows");
        assertEquals(0, Loss.rows(s, 0));
        assertEquals(5, Loss.invalidRows(s, 0));

        List<Example> unweighed = new ArrayList<>();
        for (Example x : StateMergeTest.rows(pair, 40, 2, false)) {
            x.weight = 0;
            unweighed.add(x);
        }
        double[] z = Evaluate.state(loss, unweighed);
        if ("sum".equals(loss.params().asMap().get("reduction"))) {
            // a weighted sum of zero weights is 0 (scikit-learn's normalize=False); the trec_eval counts sum by default
            assertEquals(0.0, loss.value(z, 0), 0.0, name + " of zero weights");
        } else {
            assertNull(loss.value(z, 0), name + " of zero weights");
        }
        assertEquals(0.0, Loss.weightSum(z, 0), 0.0);
    }

    private static void assertValue(String spec, List<Example> rows, Double expected) {
        Double v = Evaluate.value(spec, rows);
        if (expected == null || Double.isInfinite(expected)) {
            assertEquals(expected, v, spec);
        } else {
            assertEquals(expected, v, Math.abs(expected) * 1e-13 + 1e-15, spec);
        }
    }

    private static Arguments in(String spec, Example x, boolean expected) {
        return Arguments.of(spec, x, expected);
    }

    private static Arguments value(String spec, List<Example> rows, Double expected) {
        return Arguments.of(spec, rows, expected);
    }

}
