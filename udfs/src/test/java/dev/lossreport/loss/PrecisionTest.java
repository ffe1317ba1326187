package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The precision edge cases of the conventions: compensated sums, shifted moments, float inputs. */
class PrecisionTest {

    private static Double value(String spec, List<Example> rows) {
        Loss loss = Losses.parse(spec);
        double[] s = new double[loss.width()];
        rows.forEach(x -> loss.update(s, 0, x));
        return loss.value(s, 0);
    }

    @Test
    void compensatedMeanOfTwoToThe53AndOnes() {
        double big = Math.pow(2, 53);
        List<Example> rows = LossValuesTest.scalars(new double[]{big, 1, 1, 0}, new double[]{0, 0, 0, 0});
        // A plain double sum gives 2^53 / 4 = 2251799813685248.0.
        assertEquals(2251799813685248.5, value("mean_error", rows), 0.0);
    }

    @Test
    void compensationSurvivesMerging() {
        Loss loss = Losses.parse("mean_error");
        double[] a = new double[loss.width()];
        double[] b = new double[loss.width()];
        loss.update(a, 0, Example.scalar(Math.pow(2, 53), 0, 1));
        loss.update(b, 0, Example.scalar(1, 0, 1));
        loss.update(b, 0, Example.scalar(1, 0, 1));
        loss.update(b, 0, Example.scalar(0, 0, 1));
        loss.merge(a, 0, b, 0);
        assertEquals(2251799813685248.5, loss.value(a, 0), 0.0);
    }

    @Test
    void r2OfLabelsShiftedByOneBillionEqualsUnshifted() {
        double[] y = {3, -0.5, 2, 7, 4.25, 1};
        double[] p = {2.5, 0.0, 2, 8, 4, 1.5};
        double[] ys = new double[y.length];
        double[] ps = new double[p.length];
        for (int i = 0; i < y.length; i++) {
            ys[i] = y[i] + 1e9;
            ps[i] = p[i] + 1e9;
        }
        double unshifted = value("r2", LossValuesTest.scalars(p, y));
        double shifted = value("r2", LossValuesTest.scalars(ps, ys));
        assertEquals(unshifted, shifted, 1e-12);
        assertEquals(value("error_variance", LossValuesTest.scalars(p, y)),
                value("error_variance", LossValuesTest.scalars(ps, ys)), 1e-12);
    }

    @Test
    void varianceOfIdenticalLargeValuesIsExactlyZero() {
        double v = 123456789.123;
        List<Example> rows = LossValuesTest.scalars(new double[]{v + 1e9, v + 1e9, v + 1e9, v + 1e9, v + 1e9},
                new double[]{0, 0, 0, 0, 0});
        assertEquals(0.0, value("error_variance", rows), 0.0);
        // And across merged partitions.
        Loss loss = Losses.parse("error_variance");
        double[] a = new double[loss.width()];
        double[] b = new double[loss.width()];
        for (int i = 0; i < 3; i++) {
            loss.update(a, 0, rows.get(i));
        }
        for (int i = 3; i < 5; i++) {
            loss.update(b, 0, rows.get(i));
        }
        loss.merge(a, 0, b, 0);
        assertEquals(0.0, loss.value(a, 0), 0.0);
    }

    @Test
    void float32ProbabilityOfExactlyOneStaysFiniteInLogLoss() {
        float p = 1.0f;
        double bce = value("bce", LossValuesTest.scalars(new double[]{p}, new double[]{0}));
        assertTrue(Double.isFinite(bce));
        // clipped to 1 - 1e-15: -log(1e-15), up to the rounding of 1 - 1e-15 in double
        assertEquals(-Math.log(1e-15), bce, 0.01);
        // A float just below 1 is widened exactly, not rounded to 1.
        float q = Math.nextDown(1.0f);
        assertEquals(-Math.log1p(-(double) q), value("bce", LossValuesTest.scalars(new double[]{q}, new double[]{0})), 1e-12);
    }
}
