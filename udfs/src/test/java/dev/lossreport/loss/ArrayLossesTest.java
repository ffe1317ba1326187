package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Array rows, masks, psnr, multioutput and flatten, with values derived by hand (the arithmetic is
 * written out; none of it calls the loss code).
 */
class ArrayLossesTest {

    private static Example row(double[] p, double[] y) {
        return Example.vectors(p, y, 1.0);
    }

    private static Example masked(double[] p, double[] y, double... mask) {
        Example x = row(p, y);
        x.clearMask();
        x.elementMask(mask, mask == null ? -1 : mask.length);
        return x;
    }

    private static double[] state(Loss loss, Example... rows) {
        double[] s = new double[loss.width()];
        for (Example x : rows) {
            loss.update(s, 0, x);
        }
        return s;
    }

    private static Double value(String spec, Example... rows) {
        Loss loss = Losses.parse(spec);
        return loss.value(state(loss, rows), 0);
    }

    private static final double[] A = {1, 2};
    private static final double[] ZERO2 = {0, 0};

    @Test
    void rowMeanThenMeanOverRowsAndFlattenPoolsElements() {
        // row 1: errors 1, 2 -> (1 + 4) / 2 = 2.5; row 2: error 2 -> 4
        Example r1 = row(A, ZERO2);
        Example r2 = row(new double[]{3}, new double[]{1});
        assertEquals((2.5 + 4) / 2, value("mse", r1, r2), 1e-15);
        // pooled: (1 + 4 + 4) / 3 elements
        assertEquals(3.0, value("mse(flatten=true)", r1, r2), 1e-15);
        assertEquals(Math.sqrt(3.0), value("rmse(flatten=true)", r1, r2), 1e-15);
        assertEquals((1 + 2 + 2) / 3.0, value("mae(flatten=true)", r1, r2), 1e-15);
        // weight 3 on row 2: rows (2.5 + 3 * 4) / 4; elements (1 + 4 + 3 * 4) / (2 + 3)
        r2.weight = 3;
        assertEquals((2.5 + 12) / 4, value("mse", r1, r2), 1e-15);
        assertEquals((1 + 4 + 12) / 5.0, value("mse(flatten=true)", r1, r2), 1e-15);
        // sum_over_batch_size under flatten divides by the number of elements
        assertEquals((1 + 4 + 12) / 3.0, value("mse(flatten=true,reduction=sum_over_batch_size)", r1, r2), 1e-15);
    }

    @Test
    void arrayRowsThatDoNotPairUpAreInvalid() {
        Loss mse = Losses.parse("mse");
        Example nullArray = Example.vectors(null, ZERO2, 1);
        Example nullElement = row(new double[]{1, Double.NaN}, ZERO2);
        Example shorter = row(new double[]{1}, ZERO2);
        Example empty = row(new double[0], new double[0]);
        double[] s = state(mse, row(A, ZERO2), nullArray, nullElement, shorter, empty);
        assertEquals(1, Loss.rows(s, 0));
        assertEquals(4, Loss.invalidRows(s, 0));
        assertEquals(2.5, mse.value(s, 0), 1e-15);
    }

    /**
     * Flatten and multioutput check the domain and compute the row's value over the kept elements only:
     * a masked element outside the scalar loss's domain leaves the row valid and out of its value.
     */
    @Test
    void maskedElementsOutsideTheDomainLeaveFlattenAndMultioutputRowsValid() {
        double[] p = {0.8, 1.5, 0.4}; // 1.5 is no probability: outside bce's domain
        double[] y = {1, 0, 0};
        for (String spec : List.of("bce(flatten=true)", "bce(multioutput=uniform_average,outputs=3)")) {
            Loss loss = Losses.parse(spec);
            Example x = masked(p, y, 1, 0, 1);
            assertTrue(loss.inDomain(x), spec);
            // the kept elements' -log 0.8 and -log(1 - 0.4), averaged
            assertEquals((-Math.log(0.8) - Math.log(0.6)) / 2, loss.pointwise(x), 1e-14, spec);
            assertFalse(loss.inDomain(row(p, y)), spec + " without the mask");
        }
    }

    @Test
    void masksLeaveElementsOutOfNumeratorAndDenominator() {
        // kept errors 1 and 3: (1 + 9) / 2; the masked element may be NaN
        Example x = masked(new double[]{1, Double.NaN, 3}, new double[]{0, 0, 0}, 1, 0, 1);
        assertEquals(5.0, value("mse", x), 1e-15);
        assertEquals(2.0, value("mae", x), 1e-15);
        // a masked row: nothing to count, listed apart from invalid rows
        Example all = masked(A, ZERO2, 0, 0);
        Loss mse = Losses.parse("mse");
        double[] s = state(mse, all, x);
        assertEquals(1, Loss.rows(s, 0));
        assertEquals(1, Loss.maskedRows(s, 0));
        assertEquals(0, Loss.invalidRows(s, 0));
        assertEquals(5.0, mse.value(s, 0), 1e-15);
        double[] only = state(mse, all);
        assertNull(mse.value(only, 0));
        assertEquals(1, Loss.maskedRows(only, 0));
        // masks of the wrong length, with a null entry, or null: invalid rows
        double[] bad = state(mse, masked(A, ZERO2, 1), masked(A, ZERO2, 1, Double.NaN), masked(A, ZERO2, (double[]) null));
        assertEquals(3, Loss.invalidRows(bad, 0));
    }

    @Test
    void rowMasksAndIgnoreValues() {
        Loss mse = Losses.parse("mse");
        Example skipped = Example.scalar(1, 0, 1);
        skipped.rowMask(0);
        Example kept = Example.scalar(3, 1, 1);
        kept.rowMask(1);
        Example nullMask = Example.scalar(3, 1, 1);
        nullMask.rowMask(Double.NaN);
        double[] s = state(mse, skipped, kept, nullMask);
        assertEquals(4.0, mse.value(s, 0), 1e-15);
        assertEquals(1, Loss.rows(s, 0));
        assertEquals(1, Loss.maskedRows(s, 0));
        assertEquals(1, Loss.invalidRows(s, 0));

        // label 255 marks void pixels: errors 1 and 0 remain
        Example img = row(new double[]{1, 5, 1}, new double[]{0, 255, 1});
        img.ignoreLabel(255);
        assertEquals(0.5, value("mse", img), 1e-15);
        // NaN ignores missing (null) targets
        Example missing = row(new double[]{1, 5, 1}, new double[]{0, Double.NaN, 1});
        missing.ignoreLabel(Double.NaN);
        assertEquals(0.5, value("mse", missing), 1e-15);
        // an ignore value on top of a mask: only element 2 is left, error 2
        Example both = masked(new double[]{1, 5, 3}, new double[]{0, 255, 1}, 0, 1, 1);
        both.ignoreLabel(255);
        assertEquals(4.0, value("mse", both), 1e-15);
        Example scalarVoid = Example.scalar(1, 255, 1);
        scalarVoid.ignoreLabel(255);
        assertTrue(scalarVoid.masked);
    }

    @Test
    void psnrPerImageThenMeanOrPooled() {
        // image 1: mse (0.25 + 0.25) / 2 = 0.25 -> 10 log10(4); image 2: mse 0.01 -> 10 log10(100) = 20
        Example i1 = row(new double[]{0.5, 0.5}, new double[]{0, 1});
        Example i2 = row(new double[]{0.1}, new double[]{0});
        assertEquals((10 * Math.log10(4) + 20) / 2, value("psnr", i1, i2), 1e-13);
        // pooled: mse of the slice (0.25 + 0.01) / 2 = 0.13
        assertEquals(10 * Math.log10(1 / 0.13), value("psnr(pooled=true)", i1, i2), 1e-13);
        // 8-bit: one pixel off by 255 of two -> mse 255^2 / 2 -> 10 log10(2)
        assertEquals(10 * Math.log10(2), value("psnr(data_range=255)", row(new double[]{0, 255}, new double[]{255, 255})), 1e-13);
        // masked pixels are not part of the image's mse: only the pixel off by 0.1 remains
        assertEquals(20.0, value("psnr", masked(new double[]{0.1, 0.9}, new double[]{0, 0}, 1, 0)), 1e-13);
        // an exact image has infinite PSNR, and so has the mean
        assertEquals(Double.POSITIVE_INFINITY, value("psnr", i1, row(A, A)));
        assertEquals(10 * Math.log10(1 / 0.125), value("psnr(pooled=true)", i1, row(A, A)), 1e-13);
        assertEquals("psnr(data_range=255.0)", Losses.parse("psnr(data_range=255)").spec());
        assertEquals(Direction.HIGHER_IS_BETTER, Losses.parse("psnr").direction());
    }

    // scikit-learn's docstring arrays: y_true [[0.5, 1], [-1, 1], [7, -6]], y_pred [[0, 2], [-1, 2], [8, -5]]
    private static Example[] skRows() {
        return new Example[]{
                row(new double[]{0, 2}, new double[]{0.5, 1}),
                row(new double[]{-1, 2}, new double[]{-1, 1}),
                row(new double[]{8, -5}, new double[]{7, -6})};
    }

    @Test
    void multioutputCombinesPerOutputValues() {
        // errors: output 0 [-0.5, 0, 1] -> mse 1.25 / 3; output 1 [1, 1, 1] -> mse 1
        double mse0 = 1.25 / 3;
        assertEquals((mse0 + 1) / 2, value("mse(multioutput=uniform_average,outputs=2)", skRows()), 1e-15);
        assertEquals(0.3 * mse0 + 0.7, value("mse(multioutput=[0.3, 0.7])", skRows()), 1e-15);
        // rmse: mean of per-output roots, not the root of the mean
        assertEquals((Math.sqrt(mse0) + 1) / 2, value("rmse(multioutput=uniform_average,outputs=2)", skRows()), 1e-15);
        assertEquals(Math.sqrt((mse0 + 1) / 2), value("rmse", skRows()), 1e-15);
        // r2: SS_tot 217/6 and 98/3 (label means 13/6 and -4/3), SS_res 1.25 and 3
        double tot0 = 217 / 6.0;
        double tot1 = 98 / 3.0;
        double r20 = 1 - 1.25 / tot0;
        double r21 = 1 - 3 / tot1;
        assertEquals((r20 + r21) / 2, value("r2(multioutput=uniform_average,outputs=2)", skRows()), 1e-14);
        assertEquals(1 - (1.25 + 3) / (tot0 + tot1), value("r2(multioutput=variance_weighted,outputs=2)", skRows()), 1e-14);
        assertEquals(r21, value("r2(multioutput=[0, 1])", skRows()), 1e-14);
    }

    @Test
    void rawValuesReportOneRowPerOutput() {
        Loss raw = Losses.parse("mse(multioutput=raw_values,outputs=2)");
        Example[] rows = skRows();
        // mask output 1 of the last row: output 1 keeps errors [1, 1]
        rows[2].clearMask();
        rows[2].elementMask(new double[]{1, 0}, 2);
        double[] s = state(raw, rows);
        List<Loss.ReportRow> out = raw.report(s, 0);
        assertEquals(2, out.size());
        assertEquals(0, out.get(0).output());
        assertEquals(1.25 / 3, out.get(0).value(), 1e-15);
        assertEquals(3, out.get(0).rows());
        assertEquals(0, out.get(0).maskedRows());
        assertEquals(1, out.get(1).output());
        assertEquals(1.0, out.get(1).value(), 1e-15);
        assertEquals(2, out.get(1).rows());
        assertEquals(2.0, out.get(1).weightSum());
        assertEquals(1, out.get(1).maskedRows());
        assertEquals(1, Losses.parse("mse").report(state(Losses.parse("mse"), skRows()), 0).size());
    }

    @Test
    void multioutputEdgeCases() {
        // every output's label constant: variance weights all 0, so the uniform mean (scikit-learn);
        // output 0 perfect (r2 1.0), output 1 not (0.0 with force_finite)
        Example a = row(new double[]{1, 2}, new double[]{1, 3});
        Example b = row(new double[]{1, 4}, new double[]{1, 3});
        assertEquals(0.5, value("r2(multioutput=variance_weighted,outputs=2)", a, b), 1e-15);
        // an output with weight 0 does not take part, even when its own value is undefined (0/0)
        // output 0: constant label predicted exactly (0/0); output 1: label mean 0.5, SS_tot 0.5, SS_res 1 + 4
        Example c = row(new double[]{1, 1}, new double[]{1, 0});
        Example d = row(new double[]{1, 3}, new double[]{1, 1});
        assertNull(value("r2(force_finite=false,multioutput=uniform_average,outputs=2)", c, d));
        assertEquals(1 - 5 / 0.5, value("r2(force_finite=false,multioutput=[0, 1])", c, d), 1e-14);
        // rows of another length than K do not count
        Loss mse = Losses.parse("mse(multioutput=[1, 1])");
        double[] s = state(mse, row(new double[]{1, 2, 3}, new double[]{0, 0, 0}), row(A, ZERO2));
        assertEquals(1, Loss.invalidRows(s, 0));
        assertEquals(2.5, mse.value(s, 0), 1e-15);
    }

    @Test
    void arrayOptionsAreCheckedAndShownInTheSpec() {
        assertEquals("mse(multioutput=[0.3,0.7])", Losses.parse("mse(multioutput=[0.3, 0.7])").spec());
        assertEquals("r2(multioutput=variance_weighted,outputs=2)",
                Losses.create("r2", Map.of("multioutput", "variance_weighted", "outputs", 2)).spec());
        assertEquals("mse(flatten=true)", Losses.parse("mse(flatten=true)").spec());
        assertEquals("mse", Losses.parse("mse(flatten=false)").spec());
        assertEquals(Signature.of(Shape.VECTOR, Shape.VECTOR), Losses.parse("mse(flatten=true)").signature());
        assertEquals(Direction.HIGHER_IS_BETTER, Losses.parse("r2(multioutput=[1,2])").direction());
        assertEquals("loss 'mse': multioutput=variance_weighted weights outputs by their label variance; it applies "
                        + "to losses finished from moments (r2, explained_variance)",
                assertThrows(LossException.class, () -> Losses.parse("mse(multioutput=variance_weighted,outputs=2)")).getMessage());
        assertEquals("loss 'mse': multioutput=raw_values needs the number of outputs: set outputs=K (a job reads it from the table)",
                assertThrows(LossException.class, () -> Losses.parse("mse(multioutput=raw_values)")).getMessage());
        assertEquals("loss 'mse': multioutput has 2 output weights but outputs=3",
                assertThrows(LossException.class, () -> Losses.parse("mse(multioutput=[1,2],outputs=3)")).getMessage());
        assertTrue(assertThrows(LossException.class, () -> Losses.parse("mse(flatten=true,multioutput=[1,2])"))
                .getMessage().contains("does not combine with multioutput"));
        assertEquals("loss 'mse': parameter 'multioutput' must be a known choice, or a list of finite weights >= 0 "
                        + "with a positive sum, got [-1.0,2.0]",
                assertThrows(LossException.class, () -> Losses.parse("mse(multioutput=[-1,2])")).getMessage());
        assertEquals("loss 'mse': parameter 'multioutput' must be one of uniform_average, raw_values, "
                        + "variance_weighted, or a list of numbers, got 'mean'",
                assertThrows(LossException.class, () -> Losses.parse("mse(multioutput=mean)")).getMessage());
        assertTrue(assertThrows(LossException.class, () -> Losses.parse("mse(outputs=2)")).getMessage()
                .contains("outputs applies with multioutput"));
        // losses that never read a pair of numbers have no array options
        assertThrows(LossException.class, () -> Losses.parse("cce(flatten=true)"));
        assertThrows(LossException.class, () -> Losses.parse("psnr(multioutput=[1])"));
        // nor do per-entity losses, which read all rows of a query or example
        assertThrows(LossException.class, () -> Losses.parse("ndcg(flatten=true)"));
        assertThrows(LossException.class, () -> Losses.parse("bias(multioutput=[1, 1])"));
        assertTrue(ArrayOptions.needsOutputCount(Losses.type("r2"), Map.of("multioutput", "raw_values")));
        assertTrue(!ArrayOptions.needsOutputCount(Losses.type("r2"), Map.of("multioutput", "[1, 2]")));
        assertTrue(!ArrayOptions.needsOutputCount(Losses.type("r2"), Map.of("multioutput", "raw_values", "outputs", "2")));
    }
}
