package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's lean layout (a hot block of rows, weight and sums per binding's mean losses, the other
 * losses' standard slots, and a cold state only for slices with rows a mean loss did not count) gives
 * the states the standard update gives: same counts, same weight sums, same values, whatever mix of
 * counted, refused and masked rows, and however the rows are split between merged states.
 */
class LossSetLeanLayoutTest {
    private static final List<Loss> LOSSES = List.of(Losses.parse("mse"), Losses.parse("mae"), Losses.parse("bce"),
            Losses.parse("r2"), Losses.parse("huber(delta=0.5)"), Losses.parse("mape"), Losses.parse("mean_error"));
    private static final int[] INPUT_OF = {0, 0, 0, 0, 1, 1, 1};

    @Test
    void leanUpdatesAndMergesGiveTheStandardState() {
        LossSet set = new LossSet(LOSSES, INPUT_OF);
        assertEquals(3 + 2 * 3 + 3 + 2 * 3, set.hotWidth(), "two bindings, three mean losses each (r2 is a moment loss)");
        assertEquals(set.hotWidth() + LOSSES.get(3).width(), set.leanWidth(), "the lean block adds r2's standard slots");
        double[] standard = new double[set.width()];
        assertSameStates(set, standard, leanAndMerged(set, standard, 20_000, 5));
        assertEquals(true, Loss.invalidRows(standard, set.offset(2)) > 100, "bce refuses labels outside [0, 1]");
        assertEquals(true, standard[set.offset(0) + Loss.MASKED] > 100, "some rows are masked");
    }

    @Test
    void aStandardStateRoundTripsThroughTheLeanForm() {
        LossSet set = new LossSet(LOSSES, INPUT_OF);
        double[] standard = new double[set.width()];
        Random r = new Random(9);
        for (int row = 0; row < 500; row++) {
            set.update(new double[][]{standard}, 1, new Example[]{example(r), example(r)});
        }
        double[] wire = set.lean(standard);
        assertEquals(set.leanWidth() + set.width(), wire.length, "mean losses have slots set: a cold state follows");
        assertSameStates(set, standard, set.standard(wire, 0, java.util.Arrays.copyOfRange(wire, set.leanWidth(), wire.length)));
        double[] onlyR2 = new double[set.width()];
        System.arraycopy(standard, set.offset(3), onlyR2, set.offset(3), LOSSES.get(3).width());
        double[] lean = set.lean(onlyR2);
        assertEquals(set.leanWidth(), lean.length, "no mean loss has a slot set: no cold state");
        assertSameStates(set, onlyR2, set.standard(lean, 0, null));
    }

    @Test
    void theMomentLossesOfABindingKeepOneState() {
        List<Loss> losses = List.of(Losses.parse("r2"), Losses.parse("mse"), Losses.parse("error_variance"),
                Losses.parse("explained_variance"), Losses.parse("r2(force_finite=false)"));
        LossSet set = new LossSet(losses, new int[]{0, 0, 0, 1, 1});
        int moments = losses.get(0).width();
        assertEquals(3 + 2 + 2 * moments, set.leanWidth(), "one moment state per binding, however many moment losses read it");
        double[] standard = new double[set.width()];
        assertSameStates(set, standard, leanAndMerged(set, standard, 5_000, 21));
        double[] wire = set.lean(standard);
        assertSameStates(set, standard, set.standard(wire, 0,
                wire.length > set.leanWidth() ? java.util.Arrays.copyOfRange(wire, set.leanWidth(), wire.length) : null));
    }

    /**
     * Adds {@code rows} random rows to {@code standard} by the standard update and, by the lean update,
     * each to one of two lean blocks (two partitions; the row's refusal reported as the losses decide
     * it); returns the standard state of the two merged.
     */
    private static double[] leanAndMerged(LossSet set, double[] standard, int rows, long seed) {
        // Both blocks in one array, as a slicing's table holds them: the second one at a base offset.
        double[] blocks = new double[2 * set.leanWidth()];
        double[][] colds = new double[2][];
        double[] values = new double[set.size()];
        Random r = new Random(seed);
        for (int row = 0; row < rows; row++) {
            Example[] x = {example(r), example(r)};
            set.update(new double[][]{standard}, 1, x);
            int k = r.nextInt(2);
            boolean refused = false;
            for (int i = 0; i < set.size(); i++) {
                refused |= set.loss(i).classify(x[set.inputOf(i)]) == Loss.REFUSED;
            }
            assertEquals(refused, set.refuses(x), "refuses() decides as the losses do, without their values");
            assertEquals(refused, set.updateLean(new double[][]{blocks}, new int[]{k * set.leanWidth()}, 1, x, values,
                    j -> colds[k] == null ? colds[k] = new double[set.width()] : colds[k]), "whether a loss refused the row");
        }
        set.mergeLean(blocks, 0, blocks, set.leanWidth());
        if (colds[1] != null) {
            if (colds[0] == null) {
                colds[0] = new double[set.width()];
            }
            set.merge(colds[0], 0, colds[1], 0);
        }
        return set.standard(blocks, 0, colds[0]);
    }

    private static void assertSameStates(LossSet set, double[] expected, double[] actual) {
        for (int i = 0; i < set.size(); i++) {
            int o = set.offset(i);
            String name = set.loss(i).spec();
            assertEquals(Loss.rows(expected, o), Loss.rows(actual, o), name + " rows");
            assertEquals(Loss.invalidRows(expected, o), Loss.invalidRows(actual, o), name + " invalid rows");
            assertEquals(expected[o + Loss.MASKED], actual[o + Loss.MASKED], name + " masked rows");
            assertEquals(Sums.value(expected, o + Loss.WEIGHT), Sums.value(actual, o + Loss.WEIGHT), 1e-9, name + " weight");
            Double a = set.loss(i).value(expected, o);
            Double b = set.loss(i).value(actual, o);
            if (a == null) {
                assertEquals(null, b, name);
                continue;
            }
            assertEquals(true, b != null, name);
            assertEquals(a, b, Math.abs(a) * 1e-12, name);
        }
    }

    /** Mostly counted rows; some with a NaN or out-of-range value, a negative or zero weight, or masked. */
    private static Example example(Random r) {
        double p = r.nextDouble();
        double y = r.nextInt(10) == 0 ? 2.0 : r.nextInt(2);
        double w = 1 + r.nextInt(3);
        switch (r.nextInt(40)) {
            case 0 -> p = Double.NaN;
            case 1 -> w = -1;
            case 2 -> w = 0;
            default -> {
            }
        }
        Example x = Example.scalar(p, y, w);
        x.masked = r.nextInt(50) == 0;
        return x;
    }
}
