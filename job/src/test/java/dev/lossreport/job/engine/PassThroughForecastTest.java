package dev.lossreport.job.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stage one's estimate of a slicing's slices from the slices its first rows showed. */
class PassThroughForecastTest {
    @Test
    void theEstimateInvertsTheExpectedNumberOfSlicesSeen() {
        long n = PartialAggregation.FORECAST_AFTER;
        for (double g : new double[]{10, 1_000, 100_000, 1_000_000, 50_000_000}) {
            // d = G (1 - exp(-n / G)) slices are expected among n uniform rows.
            long d = Math.round(-g * Math.expm1(-n / g));
            double estimate = PartialAggregation.estimatedSlices(d, n);
            double dBack = -estimate * Math.expm1(-n / estimate);
            assertEquals(d, dBack, 0.5, "G = " + g + ": the estimate reproduces the slices seen");
            if (g <= 1_000_000) {
                assertEquals(g, estimate, g * 0.05, "G = " + g);
            }
        }
    }

    @Test
    void rowsThatAllHadTheirOwnSliceGiveNoBound() {
        assertEquals(Double.POSITIVE_INFINITY, PartialAggregation.estimatedSlices(5000, 5000));
        assertTrue(PartialAggregation.estimatedSlices(4999, 5000) > 1e6, "one repeat in 5000 rows: millions of slices");
        assertEquals(1.0, PartialAggregation.estimatedSlices(1, 5000), 1e-9, "one slice seen many times");
    }
}
