package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's hot layout (rows, weight and sums of a binding's mean losses first, folded into the
 * standard layout before a state leaves the task) gives the states the standard update gives: same
 * counts, same weight sums, same values, whatever mix of counted, refused and masked rows.
 */
class LossSetHotLayoutTest {
    @Test
    void hotUpdatesFoldIntoTheStandardState() {
        List<Loss> losses = List.of(Losses.parse("mse"), Losses.parse("mae"), Losses.parse("bce"), Losses.parse("r2"),
                Losses.parse("huber(delta=0.5)"), Losses.parse("mape"), Losses.parse("mean_error"));
        int[] inputOf = {0, 0, 0, 0, 1, 1, 1};
        LossSet set = new LossSet(losses, inputOf);
        double[] standard = new double[set.width()];
        int hot = set.hotWidth();
        assertEquals(3 + 2 * 3 + 3 + 2 * 3, hot, "two bindings, three mean losses each (r2 is a moment loss)");
        double[] buffer = new double[hot + set.width()];
        double[] values = new double[set.size()];
        Random r = new Random(5);
        for (int row = 0; row < 20_000; row++) {
            Example[] x = {example(r), example(r)};
            set.update(new double[][]{standard}, 1, x);
            set.updateHot(new double[][]{buffer}, 1, x, values);
            if (r.nextInt(3000) == 0) {
                set.foldHot(buffer); // an emitted table folds, and a kept overall state goes on
            }
        }
        set.foldHot(buffer);
        double[] folded = java.util.Arrays.copyOfRange(buffer, hot, hot + set.width());
        for (int i = 0; i < set.size(); i++) {
            int o = set.offset(i);
            String name = losses.get(i).spec();
            assertEquals(Loss.rows(standard, o), Loss.rows(folded, o), name + " rows");
            assertEquals(Loss.invalidRows(standard, o), Loss.invalidRows(folded, o), name + " invalid rows");
            assertEquals(standard[o + Loss.MASKED], folded[o + Loss.MASKED], name + " masked rows");
            assertEquals(Sums.value(standard, o + Loss.WEIGHT), Sums.value(folded, o + Loss.WEIGHT), 1e-9, name + " weight");
            Double a = losses.get(i).value(standard, o);
            Double b = losses.get(i).value(folded, o);
            assertEquals(true, a != null && b != null, name);
            assertEquals(a, b, Math.abs(a) * 1e-13, name);
        }
        assertEquals(true, Loss.invalidRows(standard, set.offset(2)) > 100, "bce refuses labels outside [0, 1]");
        assertEquals(true, standard[set.offset(0) + Loss.MASKED] > 100, "some rows are masked");
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
