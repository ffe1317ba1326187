package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The precision edge cases of the conventions: compensated sums, shifted moments, float inputs. */
class PrecisionTest {

    private static Double value(String spec, List<Example> rows) {
        return Evaluate.value(spec, rows);
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

    @Test
    void poissonDevianceOfNearlyEqualLargeCountsKeepsItsDigits() {
        // 2 * (y log(y/p) - y + p) at y = 1e9, p = 1e9 + 1 is p r^2 (1 - r/3 + ...) with r = -1/p:
        // the closed form cancels to noise of about 1e-7, the true value is about 1e-9.
        double p = 1e9 + 1;
        double expected = 1 / p + 1 / (3 * p * p);
        assertEquals(expected, value("poisson_deviance", LossValuesTest.scalars(new double[]{p}, new double[]{1e9})),
                expected * 1e-12);
    }

    @Test
    void tweedieDevianceIsContinuousWhereTheSeriesHandsOver() {
        // The series is used while |r| (|power| + 2) < 1/2; just beyond, the closed form takes over.
        for (double power : new double[]{1, 1.5, 2, 3, -1}) {
            double mu = 3.0;
            for (double r : new double[]{0.5 / (Math.abs(power) + 2) - 1e-9, 0.5 / (Math.abs(power) + 2) + 1e-9}) {
                double y = mu * (1 + r);
                double closed = power == 1 ? 2 * (y * Math.log(y / mu) - y + mu)
                        : power == 2 ? 2 * (Math.log(mu / y) + y / mu - 1)
                        : 2 * (Math.pow(y, 2 - power) / ((1 - power) * (2 - power)) - y * Math.pow(mu, 1 - power) / (1 - power)
                        + Math.pow(mu, 2 - power) / (2 - power));
                String spec = "tweedie_deviance(power=" + power + ")";
                assertEquals(closed, value(spec, LossValuesTest.scalars(new double[]{mu}, new double[]{y})), closed * 1e-12, spec);
            }
        }
    }

    @Test
    void d2TweedieOfLabelsShiftedByOneBillionEqualsUnshifted() {
        double[] y = {3, -0.5, 2, 7, 4.25, 1};
        double[] p = {2.5, 0.0, 2, 8, 4, 1.5};
        double[] ys = new double[y.length];
        double[] ps = new double[p.length];
        for (int i = 0; i < y.length; i++) {
            ys[i] = y[i] + 1e9;
            ps[i] = p[i] + 1e9;
        }
        double unshifted = value("d2_tweedie", LossValuesTest.scalars(p, y));
        assertEquals(value("r2", LossValuesTest.scalars(p, y)), unshifted, 1e-12);
        assertEquals(unshifted, value("d2_tweedie", LossValuesTest.scalars(ps, ys)), 1e-9);
    }
}
