package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Log1p} stays within 2 ulps of Math.log1p everywhere and is exact at the special arguments. */
class Log1pTest {
    @Test
    void withinTwoUlpsOfMathLog1p() {
        Random r = new Random(3);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double x = switch (i % 4) {
                case 0 -> -r.nextDouble();                                               // (-1, 0]: log(1 - p)
                case 1 -> Math.exp(-r.nextDouble() * 60) * (r.nextBoolean() ? 1 : -1);    // tiny, both signs
                case 2 -> r.nextDouble() * 10;
                default -> Math.exp(r.nextDouble() * 700);                              // up to 1e304
            };
            double expected = Math.log1p(x);
            worst = Math.max(worst, Math.abs(Log1p.of(x) - expected) / Math.ulp(expected));
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulps");
    }

    @Test
    void exactAtTheSpecialArguments() {
        double[] xs = {0.0, -0.0, -1, Double.POSITIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
                1e-300, 1, -0.5, Double.NaN, -2, Double.NEGATIVE_INFINITY};
        for (double x : xs) {
            assertEquals(Double.doubleToLongBits(Math.log1p(x)), Double.doubleToLongBits(Log1p.of(x)), "log1p(" + x + ")");
        }
    }
}
