package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compensated sums: the exact error of each addition is kept, infinities give the sum itself. */
class SumsTest {
    @Test
    void aSumOfCancellingTermsMatchesTheExactSum() {
        Random r = new Random(3);
        double[] s = new double[2];
        double[] plain = new double[1];
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < 200_000; i++) {
            // Large terms that cancel and small ones that a plain sum rounds away.
            double v = (r.nextBoolean() ? 1e8 : -1e8) * r.nextDouble() + r.nextDouble() * 1e-6;
            Sums.add(s, 0, v);
            plain[0] += v;
            exact = exact.add(new BigDecimal(v), MathContext.UNLIMITED);
        }
        double want = exact.doubleValue();
        assertEquals(want, Sums.value(s, 0), Math.ulp(want), "within one rounding of the exact sum");
        assertEquals(true, Math.abs(plain[0] - want) > 10 * Math.ulp(want), "a plain sum is visibly off here, so the test can fail");
    }

    @Test
    void mergedHalvesGiveTheSumOfAll() {
        Random r = new Random(4);
        double[] all = new double[2];
        double[] a = new double[2];
        double[] b = new double[2];
        for (int i = 0; i < 10_000; i++) {
            double v = Math.exp(r.nextGaussian() * 10);
            Sums.add(all, 0, v);
            Sums.add(i % 3 == 0 ? a : b, 0, v);
        }
        Sums.merge(a, 0, b, 0);
        assertEquals(Sums.value(all, 0), Sums.value(a, 0), Math.ulp(Sums.value(all, 0)));
    }

    @Test
    void anInfiniteTermMakesTheSumInfinite() {
        double[] s = new double[2];
        Sums.add(s, 0, 1.5);
        Sums.add(s, 0, Double.POSITIVE_INFINITY);
        Sums.add(s, 0, 2.0);
        assertEquals(Double.POSITIVE_INFINITY, Sums.value(s, 0));
        double[] t = new double[2];
        Sums.add(t, 0, 3.0);
        Sums.merge(t, 0, s, 0);
        assertEquals(Double.POSITIVE_INFINITY, Sums.value(t, 0), "merging an infinite sum");
        Sums.merge(s, 0, new double[]{4.0, 1e-17}, 0);
        assertEquals(Double.POSITIVE_INFINITY, Sums.value(s, 0), "merging into an infinite sum");
        Sums.add(s, 0, Double.NEGATIVE_INFINITY);
        assertEquals(true, Double.isNaN(Sums.value(s, 0)), "+inf and -inf have no sum");
    }
}
