package dev.lossreport.job.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bench's paired ratio is the median of each round's own ratio, not a ratio of medians. */
class PairedRatioTest {
    @Test
    void medianOfEachRoundsRatio() {
        // The machine slows down in rounds 2 and 3: each round's ratio stays near 1.2.
        List<BenchRunner.Timing> t = List.of(
                new BenchRunner.Timing("a", 0, new double[]{1.2, 2.5, 3.6}),
                new BenchRunner.Timing("b", 0, new double[]{1.0, 2.0, 3.0}));
        assertEquals(1.2, BenchCommand.pairedRatio(t, "a", "b"), 1e-12);
        List<BenchRunner.Timing> four = List.of(
                new BenchRunner.Timing("a", 0, new double[]{2, 3, 4, 10}),
                new BenchRunner.Timing("b", 0, new double[]{1, 2, 2, 4}));
        assertEquals(2.0, BenchCommand.pairedRatio(four, "a", "b"), 1e-12); // ratios 2, 1.5, 2, 2.5
    }
}
