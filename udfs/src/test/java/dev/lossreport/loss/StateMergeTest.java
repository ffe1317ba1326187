package dev.lossreport.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Checked once for every registered loss: splitting the rows into partitions and merging the states
 * in any order gives the state of the whole (values to 1e-12 relative, counts exactly), and the
 * weight invariances of scikit-learn hold (scaling all weights, weight 2 as a duplicated row,
 * weight 0 as a dropped row).
 */
class StateMergeTest {

    /** The parameters under which a loss takes the generated rows: d2_log_loss keeps a count per class. */
    static final java.util.Map<String, java.util.Map<String, Object>> PARAMS = java.util.Map.of(
            "d2_log_loss", java.util.Map.of("num_classes", 3));

    static Loss create(String name) {
        return Losses.create(name, PARAMS.getOrDefault(name, java.util.Map.of()));
    }

    static Stream<Signature.Pair> shapes(LossType t) {
        return t.signature().pairs().stream();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> lossesAndShapes() {
        return Losses.list().stream().flatMap(t -> shapes(t).map(p -> org.junit.jupiter.params.provider.Arguments.of(t.name(), p)));
    }

    /**
     * Rows in every loss's domain so far: values in (0, 1), every third label 0 or 1, probability vectors
     * of 3 classes with one-hot or (every third) soft positive labels; a few invalid rows. Losses that cannot take these with their defaults get the
     * parameters in {@link #PARAMS}.
     */
    static List<Example> rows(Signature.Pair pair, int n, long seed, boolean weighted) {
        Random r = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double w = weighted ? r.nextInt(4) : 1.0;
            Example x;
            if (pair.prediction() == Shape.SCALAR) {
                // every third label is 0 or 1, for the losses of binary labels (hinge, accuracy, ...)
                double y = i % 3 == 0 ? r.nextInt(2) : r.nextDouble();
                x = Example.scalar(0.01 + 0.98 * r.nextDouble(), y, w);
            } else {
                double[] p = {r.nextDouble() + 0.01, r.nextDouble() + 0.01, r.nextDouble() + 0.01};
                double s = p[0] + p[1] + p[2];
                for (int k = 0; k < 3; k++) {
                    p[k] /= s;
                }
                int c = r.nextInt(3);
                if (pair.label() == Shape.VECTOR) {
                    double[] y = new double[3];
                    y[c] = 1;
                    if (i % 3 == 1) {
                        // a soft label with every entry positive, for the deviances on arrays
                        y = new double[]{0.2, 0.3, 0.5};
                    }
                    x = Example.vectors(p, y, w);
                } else {
                    x = Example.indexed(p, c, w);
                }
            }
            if (i % 17 == 5) {
                x.weight = Double.NaN; // invalid for every loss
            }
            out.add(x);
        }
        return out;
    }

    static double[] state(Loss loss, List<Example> rows) {
        return Evaluate.state(loss, rows);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndShapes")
    void mergingSplitsEqualsTheWhole(String name, Signature.Pair pair) {
        Loss loss = create(name);
        List<Example> rows = rows(pair, 2000, name.hashCode(), true);
        double[] whole = state(loss, rows);
        Double expected = loss.value(whole, 0);
        assertNotNull(expected, name);
        for (int parts : new int[]{1, 2, 7, 64}) {
            Random r = new Random(parts);
            List<double[]> states = new ArrayList<>();
            int per = rows.size() / parts;
            for (int p = 0; p < parts; p++) {
                int end = p == parts - 1 ? rows.size() : (p + 1) * per;
                states.add(Evaluate.partial(loss, rows.subList(p * per, end)));
            }
            Collections.shuffle(states, r);
            double[] merged = new double[loss.width()];
            for (double[] s : states) {
                loss.merge(merged, 0, s, 0);
            }
            // Order statistics come from one sorted scan of the slice, as in the job.
            Evaluate.complete(loss, merged, rows);
            assertEquals(expected, loss.value(merged, 0), Math.abs(expected) * 1e-12, name + " in " + parts + " parts");
            assertEquals(Loss.rows(whole, 0), Loss.rows(merged, 0));
            assertEquals(Loss.invalidRows(whole, 0), Loss.invalidRows(merged, 0));
            assertEquals(Loss.weightSum(whole, 0), Loss.weightSum(merged, 0), 1e-9);
            // A tree of merges (pairs of pairs) agrees too.
            while (states.size() > 1) {
                List<double[]> next = new ArrayList<>();
                for (int i = 0; i < states.size(); i += 2) {
                    double[] a = states.get(i).clone();
                    if (i + 1 < states.size()) {
                        loss.merge(a, 0, states.get(i + 1), 0);
                    }
                    next.add(a);
                }
                states = next;
            }
            Evaluate.complete(loss, states.get(0), rows);
            assertEquals(expected, loss.value(states.get(0), 0), Math.abs(expected) * 1e-12, name + " tree of " + parts);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndShapes")
    void weightInvariances(String name, Signature.Pair pair) {
        Loss loss = create(name);
        List<Example> rows = rows(pair, 300, 7 + name.hashCode(), true);
        Double base = loss.value(state(loss, rows), 0);

        // A weighted sum (the default of counts such as num_rel) scales with the weights; a mean does not.
        double scale = "sum".equals(loss.params().asMap().get("reduction")) ? 3.7 : 1.0;
        List<Example> scaled = rows.stream().map(x -> copy(x, x.weight * 3.7)).toList();
        assertEquals(base * scale, loss.value(state(loss, scaled), 0), Math.abs(base * scale) * 1e-12, name + ": scaled weights");

        // Weight 2 equals the row twice with weight 1; weight 0 equals no row.
        List<Example> expanded = new ArrayList<>();
        for (Example x : rows) {
            if (Double.isNaN(x.weight)) {
                expanded.add(x);
                continue;
            }
            for (int k = 0; k < (int) x.weight; k++) {
                expanded.add(copy(x, 1.0));
            }
        }
        assertEquals(base, loss.value(state(loss, expanded), 0), Math.abs(base) * 1e-12, name + ": integer weights as repeats");
    }

    private static Example copy(Example x, double weight) {
        Example c = x.predictionIsVector
                ? (x.labelIsVector ? Example.vectors(java.util.Arrays.copyOf(x.predictions, x.predictionLength),
                        java.util.Arrays.copyOf(x.labels, x.labelLength), weight)
                        : Example.indexed(java.util.Arrays.copyOf(x.predictions, x.predictionLength), x.label, weight))
                : Example.scalar(x.prediction, x.label, weight);
        return c;
    }
}
