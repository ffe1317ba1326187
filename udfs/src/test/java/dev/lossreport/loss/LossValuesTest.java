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
                // smoothing 0.3 over 3 classes: class 1's one-hot becomes [0.1, 0.8, 0.1]
                row("cce(label_smoothing=0.3)", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{1}),
                        -(0.1 * Math.log(0.2) + 0.8 * Math.log(0.5) + 0.1 * Math.log(0.3))),
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
    @MethodSource({"cases", "regressionCatalogue", "classificationCatalogue"})
    void matchesHandDerivedValue(String spec, List<Example> rows, Double expected) {
        Double value = Evaluate.value(spec, rows);
        if (Double.isInfinite(expected)) {
            assertEquals(expected, value, spec);
            return;
        }
        assertEquals(expected, value, Math.abs(expected) * 1e-13 + 1e-15, spec);
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
    @MethodSource({"undefined", "catalogueUndefined"})
    void undefinedSlicesAreNull(String spec, List<Example> rows, Double ignored) {
        assertNull(Evaluate.value(spec, rows), spec);
    }

    /** The regression catalogue of issue 3; e = p - y = [1, 0, 2] for P, Y. */
    static Stream<Arguments> regressionCatalogue() {
        double ln2 = Math.log(2);
        double eps = 2.220446049250313e-16;
        return Stream.of(
                // pinball at 0.5 is half the absolute error; at 0.9 over-prediction costs 0.1 per unit
                row("quantile", scalars(P, Y), (0.5 + 0 + 1) / 3),
                row("quantile(alpha=0.9)", scalars(P, Y), (0.1 * 1 + 0 + 0.1 * 2) / 3),
                row("pinball(alpha=0.25)", scalars(new double[]{0}, new double[]{2}), 0.25 * 2),
                row("mape", scalars(new double[]{110, 50}, new double[]{100, -40}), (10 / 100.0 + 90 / 40.0) / 2),
                // a label of 0 divides by machine epsilon: 1 / 2^-52
                row("mape", scalars(new double[]{1}, new double[]{0}), 4503599627370496.0),
                row("mape(eps=1e-7,percent=true)", scalars(new double[]{1e-7}, new double[]{0}), 100.0),
                row("smape", scalars(new double[]{110, 0, 0}, new double[]{90, 0, 5}), (2 * 20 / 200.0 + 0 + 2) / 3),
                row("msle", scalars(new double[]{3, 0}, new double[]{1, 0}), (ln2 * ln2 + 0) / 2),
                // floor 0 raises -0.5 to 0: (log 1 - log 2)^2
                row("msle(floor=0)", scalars(new double[]{-0.5}, new double[]{1}), ln2 * ln2),
                row("rmsle", scalars(new double[]{3, 0}, new double[]{1, 0}), ln2 / Math.sqrt(2)),
                // 2*(2 log 2 - 2 + 1) and 2*(0 - 0 + 1): 0 * log 0 = 0
                row("poisson_deviance", scalars(new double[]{1, 1}, new double[]{2, 0}), (4 * ln2 - 2 + 2) / 2),
                row("gamma_deviance", scalars(new double[]{1}, new double[]{2}), 2 * (Math.log(0.5) + 2 - 1)),
                row("tweedie_deviance", scalars(new double[]{3}, new double[]{1}), 4.0),
                // power 3, the inverse Gaussian: (y - p)^2 / (y p^2) = 1 / 4
                row("tweedie_deviance(power=3)", scalars(new double[]{2}, new double[]{1}), 0.25),
                // power 1.5 with y = 0: 2 * p^0.5 / 0.5
                row("tweedie_deviance(power=1.5)", scalars(new double[]{1}, new double[]{0}), 4.0),
                // power -1 accepts a negative label: 2 * (0 + 1/2 + 1/3)
                row("tweedie_deviance(power=-1)", scalars(new double[]{1}, new double[]{-1}), 2 * (0.5 + 1 / 3.0)),
                row("poisson_nll(eps=0)", scalars(new double[]{Math.E, 3}, new double[]{2, 0}), (Math.E - 2 + 3) / 2),
                row("poisson_nll(log_input=true)", scalars(new double[]{0}, new double[]{5}), 1.0),
                // scikit-learn's docstring data: Var(e) = 1.25 / 4, Var(y) = 29.1875 / 4
                row("explained_variance", scalars(new double[]{2.5, 0.0, 2, 8}, new double[]{3, -0.5, 2, 7}), 1 - 1.25 / 29.1875),
                // a constant offset is not penalised
                row("explained_variance", scalars(new double[]{4, 5, 7}, new double[]{1, 2, 4}), 1.0),
                row("explained_variance", scalars(new double[]{2, 2}, new double[]{1, 1}), 1.0),
                row("explained_variance", scalars(new double[]{1, 3}, new double[]{1, 1}), 0.0),
                row("explained_variance", scalars(new double[]{5}, new double[]{1}), 1.0),
                // uncentred: 1 - SSE / sum(y^2) = 1 - 1/5
                row("r2(through_origin=true)", scalars(new double[]{1, 1}, new double[]{1, 2}), 0.8),
                row("max_error", scalars(P, Y), 2.0),
                // a zero weight drops the row with the largest error
                row("max_error", weighted(P, Y, new double[]{1, 1, 0}), 1.0),
                row("median_absolute_error", scalars(P, Y), 1.0),
                // |e| sorted [0, 1, 2, 10]: the mean of the middle two (np.median), or the lower (inverted cdf)
                row("median_absolute_error", scalars(new double[]{1, 2, 4, 10}, new double[]{0, 2, 2, 0}), 1.5),
                row("median_absolute_error(quantile_method=inverted_cdf)",
                        scalars(new double[]{1, 2, 4, 10}, new double[]{0, 2, 2, 0}), 1.0),
                // weights 1, 1, 3 on |e| = 1, 0, 2: half the weight (2.5) is reached at 2
                row("median_absolute_error", weighted(P, Y, new double[]{1, 1, 3}), 2.0),
                // scikit-learn's docstring data: sum |e| = 2, median of y 2.5, sum |y - 2.5| = 8.5
                row("d2_absolute_error", scalars(new double[]{2.5, 0.0, 2, 8}, new double[]{3, -0.5, 2, 7}), 1 - 2 / 8.5),
                // y = [1, 2, 3], p = [1, 3, 3], alpha 0.9: the model's pinball sum is 0.1;
                // np.percentile gives q = 2.8 and a null sum 0.18 + 0.08 + 0.18; the inverted cdf q = 3 and 0.2 + 0.1
                row("d2_pinball(alpha=0.9,quantile_method=linear)", scalars(new double[]{1, 3, 3}, new double[]{1, 2, 3}),
                        1 - 0.1 / 0.44),
                row("d2_pinball(alpha=0.9)", scalars(new double[]{1, 3, 3}, new double[]{1, 2, 3}), 1 - 0.1 / 0.3),
                row("d2_pinball(alpha=0.9,quantile_method=inverted_cdf)", scalars(new double[]{1, 3, 3}, new double[]{1, 2, 3}),
                        1 - 0.1 / 0.3),
                // weight 2 counts as two rows under linear: y = [1, 2, 2, 3] at alpha 0.5 gives q = 2
                row("d2_pinball(quantile_method=linear)", weighted(new double[]{1, 3, 3}, new double[]{1, 2, 3}, new double[]{1, 2, 1}),
                        1 - (0.5 * 2) / (0.5 * 1 + 0 + 0.5 * 1)),
                // y = [0.5, 1, 2.5, 7], p = [1, 1, 5, 3.5], mean(y) = 2.75 (scikit-learn's docstring data)
                row("d2_tweedie(power=1)", scalars(new double[]{1, 1, 5, 3.5}, new double[]{0.5, 1, 2.5, 7}),
                        1 - poissonSum(new double[]{0.5, 1, 2.5, 7}, new double[]{1, 1, 5, 3.5})
                                / poissonSum(new double[]{0.5, 1, 2.5, 7}, new double[]{2.75, 2.75, 2.75, 2.75})),
                // power 0 is r2: the r2 row above
                row("d2_tweedie", scalars(new double[]{2.5, 0.0, 2, 8}, new double[]{3, -0.5, 2, 7}), 0.9486081370449679),
                row("mean_prediction", scalars(P, Y), 7 / 3.0),
                row("mean_label", weighted(P, Y, new double[]{1, 1, 2}), (0 + 2 + 4) / 4.0),
                row("calibration", scalars(P, Y), 7 / 4.0),
                row("calibration", weighted(P, Y, new double[]{0, 1, 1}), 6 / 4.0),
                row("mean_error", scalars(new double[]{eps}, new double[]{0}), eps));
    }

    /** sum 2 * (y log(y / p) - y + p), written out for the D^2 Tweedie row. */
    private static double poissonSum(double[] y, double[] p) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += 2 * (y[i] * Math.log(y[i] / p[i]) - y[i] + p[i]);
        }
        return sum;
    }

    /** The classification catalogue of issue 3. */
    static Stream<Arguments> classificationCatalogue() {
        double ln2 = Math.log(2);
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                // margins 2, 0.5 and 0.3 (label 0 is -1): 0, 0.5, 0.7
                row("hinge", scalars(new double[]{2, 0.5, -0.3}, new double[]{1, 1, 0}), (0 + 0.5 + 0.7) / 3),
                row("hinge", scalars(new double[]{-0.3}, new double[]{-1}), 0.7),
                // scikit-learn maps {0, 2} to {-1, +1}
                row("hinge(pos_label=2)", scalars(new double[]{-8.5, 0.5}, new double[]{0, 2}), (0 + 0.5) / 2),
                row("hinge", scalars(new double[]{inf}, new double[]{1}), 0.0),
                row("hinge", scalars(new double[]{inf}, new double[]{0}), inf),
                row("squared_hinge", scalars(new double[]{0.5, -0.3}, new double[]{1, 0}), (0.25 + 0.49) / 2),
                // Keras' test data: rows [1.1, 1.5] and [1.46, 2.26] averaged over the last axis
                row("hinge", vectors(new double[][]{{0.6, 0.4}, {0.4, 0.6}}, new double[][]{{0, 1}, {0, 0}}),
                        ((1.6 + 0.6) / 2 + (1.4 + 1.6) / 2) / 2),
                row("multiclass_hinge", indexed(new double[][]{{1, 0.2, 0.5}}, new double[]{0}), 1 - (1 - 0.5)),
                row("multiclass_hinge", indexed(new double[][]{{1, 0.2, 0.5}}, new double[]{2}), 1 - (0.5 - 1)),
                // Keras: row 1 is 1 + 0.6 - 0.4, row 2 (no positive class) 1 + 0.6
                row("categorical_hinge", vectors(new double[][]{{0.6, 0.4}, {0.4, 0.6}}, new double[][]{{0, 1}, {0, 0}}),
                        (1.2 + 1.6) / 2),
                row("categorical_hinge", indexed(new double[][]{{0.6, 0.4}}, new double[]{1}), 1.2),
                row("focal(gamma=0)", scalars(new double[]{0.8}, new double[]{1}), -Math.log(0.8)),
                row("focal", scalars(new double[]{0.8}, new double[]{1}), 0.2 * 0.2 * -Math.log(0.8)),
                row("focal(alpha=0.25)", scalars(new double[]{0.8, 0.8}, new double[]{1, 0}),
                        (0.25 * 0.04 * -Math.log(0.8) + 0.75 * 0.64 * -Math.log(0.2)) / 2),
                // a logit of 0 is p = 0.5: 0.5^2 * log 2
                row("focal(from_logits=true)", scalars(new double[]{0}, new double[]{1}), 0.25 * ln2),
                row("focal(from_logits=true)", scalars(new double[]{inf, inf}, new double[]{1, 0}), inf),
                row("focal", scalars(new double[]{1.0}, new double[]{1}), 0.0),
                row("categorical_focal", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{1}), 0.25 * 0.25 * ln2),
                row("categorical_focal(gamma=0,alpha=1)", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{1}), ln2),
                row("categorical_focal(from_logits=true)", indexed(new double[][]{{0, 0}}, new double[]{0}), 0.25 * 0.25 * ln2),
                // smoothed labels [0.1, 0.8, 0.1], each term weighted by (1 - q_k)^2
                row("categorical_focal(alpha=1,label_smoothing=0.3)", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{1}),
                        -(0.1 * 0.64 * Math.log(0.2) + 0.8 * 0.25 * Math.log(0.5) + 0.1 * 0.49 * Math.log(0.3))),
                row("categorical_focal(gamma=0,alpha=1,normalize_rows=true)", indexed(new double[][]{{0.5, 1.0, 0.5}}, new double[]{0}),
                        Math.log(4)),
                row("kl_divergence", vectors(new double[][]{{0.25, 0.75}}, new double[][]{{0.5, 0.5}}),
                        0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75)),
                row("kl_divergence", vectors(new double[][]{{0.5, 0.5}}, new double[][]{{1, 0}}), ln2),
                row("cosine_similarity", vectors(new double[][]{{1, 1}, {0, 0}}, new double[][]{{1, 0}, {1, 0}}),
                        (-1 / Math.sqrt(2) + 0) / 2),
                // p > 0.5 predicts 1: [1, 0, 0] against [1, 1, 0]
                row("accuracy", scalars(new double[]{0.7, 0.4, 0.5}, new double[]{1, 1, 0}), 2 / 3.0),
                row("accuracy(threshold=0.3)", scalars(new double[]{0.7, 0.4, 0.5}, new double[]{1, 1, 0}), 2 / 3.0),
                row("accuracy", indexed(new double[][]{{0.2, 0.5, 0.3}, {0.4, 0.4, 0.2}}, new double[]{1, 1}), 0.5),
                row("accuracy(predicted_class=true)", scalars(new double[]{1, 2, 3, 4}, new double[]{2, 2, 3, 4}), 0.75),
                row("accuracy(reduction=sum)", scalars(new double[]{0.7, 0.4, 0.5}, new double[]{1, 1, 0}), 2.0),
                row("zero_one", scalars(new double[]{0.7, 0.4, 0.5}, new double[]{1, 1, 0}), 1 / 3.0),
                // multi-label: a row is wrong unless every label matches (subset loss)
                row("zero_one", vectors(new double[][]{{1, 1}, {1, 1}}, new double[][]{{0, 1}, {1, 1}}), 0.5),
                row("hamming", vectors(new double[][]{{0, 0, 0}, {0, 0, 0}}, new double[][]{{0, 1, 1}, {1, 0, 1}}), 2 / 3.0),
                // weights 1 and 3 on the rows' wrong fractions 1/2 and 0
                row("hamming", weightedVectors(new double[][]{{1, 1}, {1, 1}}, new double[][]{{0, 1}, {1, 1}}, new double[]{1, 3}),
                        (0.5 * 1 + 0) / 4),
                row("top_k_accuracy", indexed(new double[][]{{0.1, 0.5, 0.4}, {0.1, 0.5, 0.4}}, new double[]{2, 0}), 0.5),
                // a tie with a lower index ranks above the label
                row("top_k_accuracy(k=1)", indexed(new double[][]{{0.5, 0.5, 0}}, new double[]{1}), 0.0),
                row("top_k_accuracy(k=3)", indexed(new double[][]{{0.1, 0.5, 0.4}}, new double[]{0}), 1.0),
                // class frequencies 1/2 and 1/2: the null log loss is 2 log 2
                row("d2_log_loss", scalars(new double[]{0.8, 0.4}, new double[]{1, 0}),
                        1 - (-Math.log(0.8) - Math.log(0.6)) / (2 * ln2)),
                // scikit-learn's user guide: predicting the class frequencies scores 0
                row("d2_log_loss(num_classes=3)", indexed(new double[][]{{0.5, 0.25, 0.25}, {0.5, 0.25, 0.25},
                        {0.5, 0.25, 0.25}, {0.5, 0.25, 0.25}}, new double[]{0, 0, 1, 2}), 0.0),
                row("sparse_cce", indexed(new double[][]{{0.2, 0.5, 0.3}}, new double[]{2}), -Math.log(0.3)));
    }

    static Stream<Arguments> catalogueUndefined() {
        return Stream.of(
                row("msle", scalars(new double[]{-0.5}, new double[]{1}), null),
                row("poisson_deviance", scalars(new double[]{0}, new double[]{1}), null),
                row("gamma_deviance", scalars(new double[]{1}, new double[]{0}), null),
                row("tweedie_deviance(power=1.5)", scalars(new double[]{1}, new double[]{-1}), null),
                row("hinge", scalars(new double[]{0.4}, new double[]{0.5}), null),
                row("calibration", scalars(new double[]{1}, new double[]{0}), null),
                row("max_error", weighted(P, Y, new double[]{0, 0, 0}), null),
                row("d2_pinball", scalars(new double[]{1}, new double[]{2}), null),
                row("d2_tweedie", scalars(new double[]{1}, new double[]{2}), null),
                row("d2_log_loss", scalars(new double[]{0.8}, new double[]{1}), null),
                row("d2_log_loss", indexed(new double[][]{{0.2, 0.5, 0.3}, {0.2, 0.5, 0.3}}, new double[]{1, 1}), null),
                row("d2_pinball(quantile_method=linear)", weighted(P, Y, new double[]{0.5, 0.5, 1.5}), null),
                row("kl_divergence(sum_tolerance=0.01)", vectors(new double[][]{{0.5, 0.6}}, new double[][]{{0.5, 0.5}}), null),
                row("accuracy", scalars(new double[]{0.7}, new double[]{2}), null),
                row("top_k_accuracy", indexed(new double[][]{{0.5, Double.NaN}}, new double[]{0}), null));
    }

    static List<Example> weightedVectors(double[][] p, double[][] y, double[] w) {
        return java.util.stream.IntStream.range(0, p.length).mapToObj(i -> Example.vectors(p[i], y[i], w[i])).toList();
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
