package dev.lossreport.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checked for every registered loss the array options lift (and for every element-wise loss with
 * element masks): merging the states of splits in any order gives the report of the whole (values to
 * 1e-12 relative, counts exactly), and scaling all weights or repeating rows for integer weights
 * changes nothing. Rows have 3 elements, some masked, some rows entirely masked, some invalid.
 */
class ArrayOptionsMergeTest {
    private static final int K = 3;

    static Stream<Arguments> liftedLosses() {
        List<Arguments> out = new ArrayList<>();
        for (LossType t : Losses.list()) {
            if (ArrayOptions.offeredBy(t)) {
                List<String> variants = new ArrayList<>(List.of("flatten=true", "multioutput=uniform_average,outputs=3",
                        "multioutput=raw_values,outputs=3", "multioutput=[1,2,0.5]"));
                if (t.create(java.util.Map.of()) instanceof MomentLoss) {
                    variants.add("multioutput=variance_weighted,outputs=3");
                }
                variants.forEach(v -> out.add(Arguments.of(t.name() + "(" + v + ")")));
            }
            Loss plain = t.create(java.util.Map.of());
            if (plain.elementMasks() && t.signature().pairs().contains(new Signature.Pair(Shape.VECTOR, Shape.VECTOR))) {
                out.add(Arguments.of(t.name()));
            }
        }
        return out.stream();
    }

    /** Element generators tried in turn until one lies in the scalar loss's domain: (p, y) suppliers. */
    private static DoubleSupplier[][] generators(Random r) {
        return new DoubleSupplier[][]{
                {() -> 0.01 + 0.98 * r.nextDouble(), r::nextDouble},
                {() -> 0.01 + 0.98 * r.nextDouble(), () -> r.nextInt(2)},
                {() -> 0.5 + 3 * r.nextDouble(), () -> 1 + r.nextInt(5)}};
    }

    private static DoubleSupplier[] generatorFor(Loss loss, Random r) {
        for (DoubleSupplier[] g : generators(r)) {
            boolean ok = true;
            for (int i = 0; i < 50 && ok; i++) {
                double[] p = new double[K];
                double[] y = new double[K];
                for (int k = 0; k < K; k++) {
                    p[k] = g[0].getAsDouble();
                    y[k] = g[1].getAsDouble();
                }
                ok = loss.inDomain(Example.vectors(p, y, 1));
            }
            if (ok) {
                return g;
            }
        }
        fail(loss.spec() + ": no element generator fits its domain; extend generators()");
        return null;
    }

    static List<Example> rows(Loss loss, int n, long seed) {
        Random r = new Random(seed);
        DoubleSupplier[] g = generatorFor(loss, r);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = new double[K];
            double[] y = new double[K];
            double[] mask = new double[K];
            for (int k = 0; k < K; k++) {
                p[k] = g[0].getAsDouble();
                y[k] = g[1].getAsDouble();
                mask[k] = i % 23 == 3 || r.nextDouble() < 0.2 ? 0 : 1;
            }
            mask[i % K] = i % 23 == 3 ? 0 : 1; // every row keeps an element, except the masked rows
            Example x = Example.vectors(p, y, r.nextInt(4));
            x.clearMask();
            x.elementMask(mask, K);
            if (i % 17 == 5) {
                x.weight = Double.NaN;
            }
            out.add(x);
        }
        return out;
    }

    private static double[] state(Loss loss, List<Example> rows) {
        double[] s = new double[loss.width()];
        rows.forEach(x -> loss.update(s, 0, x));
        return s;
    }

    private static void assertSameReport(List<Loss.ReportRow> expected, List<Loss.ReportRow> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            Loss.ReportRow e = expected.get(i);
            Loss.ReportRow a = actual.get(i);
            assertNotNull(e.value(), what + ": no value; a loss whose value needs more than its merged state "
                    + "must say so with Loss.liftsToArrays() = false");
            assertEquals(e.value(), a.value(), Math.abs(e.value()) * 1e-12, what);
            assertEquals(e.output(), a.output(), what);
            assertEquals(e.rows(), a.rows(), what);
            assertEquals(e.invalidRows(), a.invalidRows(), what);
            assertEquals(e.maskedRows(), a.maskedRows(), what);
            assertEquals(e.weightSum(), a.weightSum(), 1e-9, what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("liftedLosses")
    void mergingSplitsEqualsTheWhole(String spec) {
        Loss loss = Losses.parse(spec);
        List<Example> rows = rows(loss, 1500, spec.hashCode());
        List<Loss.ReportRow> whole = loss.report(state(loss, rows), 0);
        for (Loss.ReportRow row : whole) {
            // masked for this report row: the row is masked, or (for one output) its element is
            long masked = rows.stream().filter(x -> x.masked
                    || (row.output() != null && x.weightValid() && !x.keeps(row.output()))).count();
            assertEquals(masked, row.maskedRows(), spec + ": masked rows");
        }
        for (int parts : new int[]{1, 2, 7, 64}) {
            List<double[]> states = new ArrayList<>();
            int per = rows.size() / parts;
            for (int p = 0; p < parts; p++) {
                int end = p == parts - 1 ? rows.size() : (p + 1) * per;
                states.add(state(loss, rows.subList(p * per, end)));
            }
            Collections.shuffle(states, new Random(parts));
            double[] merged = new double[loss.width()];
            for (double[] s : states) {
                loss.merge(merged, 0, s, 0);
            }
            assertSameReport(whole, loss.report(merged, 0), spec + " in " + parts + " parts");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("liftedLosses")
    void weightInvariances(String spec) {
        Loss loss = Losses.parse(spec);
        List<Example> rows = rows(loss, 300, 7 + spec.hashCode());
        List<Loss.ReportRow> base = loss.report(state(loss, rows), 0);
        List<Example> scaled = new ArrayList<>();
        List<Example> repeated = new ArrayList<>();
        for (Example x : rows) {
            scaled.add(copy(x, x.weight * 3.7));
            int times = Double.isNaN(x.weight) || x.masked ? 1 : (int) x.weight;
            for (int t = 0; t < times; t++) {
                repeated.add(copy(x, Double.isNaN(x.weight) || x.masked ? x.weight : 1.0));
            }
        }
        List<Loss.ReportRow> s = loss.report(state(loss, scaled), 0);
        List<Loss.ReportRow> r = loss.report(state(loss, repeated), 0);
        for (int i = 0; i < base.size(); i++) {
            double v = base.get(i).value();
            assertEquals(v, s.get(i).value(), Math.abs(v) * 1e-12, spec + ": scaled weights");
            assertEquals(v, r.get(i).value(), Math.abs(v) * 1e-12, spec + ": integer weights as repeats");
        }
    }

    private static Example copy(Example x, double weight) {
        Example c = Example.vectors(java.util.Arrays.copyOf(x.predictions, K), java.util.Arrays.copyOf(x.labels, K), weight);
        double[] mask = new double[K];
        for (int k = 0; k < K; k++) {
            mask[k] = x.keeps(k) ? 1 : 0;
        }
        c.clearMask();
        c.elementMask(mask, K);
        return c;
    }
}
