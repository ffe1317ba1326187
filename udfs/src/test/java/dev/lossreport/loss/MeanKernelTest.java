package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated kernel gives, bit for bit, what the plain loop over {@code evaluate} gives: for every
 * registered mean-family loss of each input shape in one kernel (several generated methods for paired
 * numbers and arrays), on
 * rows inside and outside the losses' domains, with the same stop at the first NaN.
 */
class MeanKernelTest {

    /** A loss the generated class cannot name (a private class): it is called through MeanLoss. */
    private static final class Shifted extends ElementwiseLoss {
        static final LossType TYPE = LossType.named("shifted_test_only").formula("p - y + 1").domain("finite p and y")
                .params(MeanLoss.REDUCTION).build(Shifted::new);

        private Shifted(Params params) {
            super(TYPE, params);
        }

        @Override
        protected double term(double p, double y) {
            return p - y + 1;
        }
    }

    @Test
    void generatedKernelsAgreeWithTheLoopForEveryMeanLoss() {
        for (Shape shape : List.of(Shape.SCALAR, Shape.VECTOR)) {
            for (Signature.Pair pair : pairs(shape)) {
                List<MeanLoss> means = new ArrayList<>();
                for (LossType t : Losses.list()) {
                    if (t.signature().pairs().contains(pair)) {
                        Loss l = StateMergeTest.create(t.name());
                        if (l instanceof MeanLoss m) {
                            means.add(m);
                        }
                    }
                }
                if (pair.prediction() == Shape.SCALAR && pair.label() == Shape.SCALAR) {
                    means.add((MeanLoss) Shifted.TYPE.create(Map.of()));
                }
                boolean paired = pair.label() == pair.prediction();
                assertTrue(!paired || means.size() > 8, pair + ": " + means.size() + " losses, want several generated methods");
                MeanLoss[] array = means.toArray(MeanLoss[]::new);
                MeanKernel generated = MeanKernel.of(array);
                assertTrue(generated.getClass().getName().startsWith("dev.lossreport.loss.GeneratedMeanKernel"),
                        generated.getClass().getName());
                compare(pair, array, generated, MeanKernel.loop(array));
            }
        }
    }

    @Test
    void oneClassPerListOfLossClasses() {
        MeanLoss[] a = {(MeanLoss) Losses.parse("mse"), (MeanLoss) Losses.parse("huber(delta=1)")};
        MeanLoss[] b = {(MeanLoss) Losses.parse("mse"), (MeanLoss) Losses.parse("huber(delta=2)")};
        MeanKernel ka = MeanKernel.of(a);
        MeanKernel kb = MeanKernel.of(b);
        assertEquals(ka.getClass(), kb.getClass());
        double[] va = new double[2];
        double[] vb = new double[2];
        Example x = Example.scalar(0.0, 3.0, 1.0);
        ka.evaluate(x, va);
        kb.evaluate(x, vb);
        // each instance calls its own losses: huber(1) of an error of 3 is 2.5, huber(2) is 4
        assertEquals(2.5, va[1]);
        assertEquals(4.0, vb[1]);
        assertEquals(9.0, va[0]);
    }

    @Test
    void noLossesIsAlwaysCounted() {
        assertTrue(MeanKernel.of(new MeanLoss[0]).evaluate(Example.scalar(1, 2, 1), new double[0]));
    }

    private static List<Signature.Pair> pairs(Shape prediction) {
        List<Signature.Pair> out = new ArrayList<>();
        for (LossType t : Losses.list()) {
            for (Signature.Pair p : t.signature().pairs()) {
                if (p.prediction() == prediction && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static void compare(Signature.Pair pair, MeanLoss[] losses, MeanKernel generated, MeanKernel loop) {
        List<Example> rows = new ArrayList<>(StateMergeTest.rows(pair, 400, 7, true));
        Random r = new Random(11);
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, -1.0, 0.0, 1.0, 2.5, -0.0, 1e-300};
        for (int i = 0; i < 200 && pair.prediction() == Shape.SCALAR; i++) {
            rows.add(Example.scalar(odd[r.nextInt(odd.length)], odd[r.nextInt(odd.length)], 1.0));
        }
        int stopped = 0;
        // Two slices' hot blocks (at 1 and at width + 5 of one array), each row added to both.
        int width = 3 + 2 * losses.length;
        double[] blocksA = new double[2 * width + 5];
        double[] blocksB = new double[2 * width + 5];
        double[] weights = {1.0, 0.0, 2.5, 1e-3};
        for (int i = 0; i < rows.size(); i++) {
            double[] a = new double[losses.length];
            double[] b = new double[losses.length];
            boolean ca = generated.evaluate(rows.get(i), a);
            boolean cb = loop.evaluate(rows.get(i), b);
            assertEquals(cb, ca, pair + " row " + i);
            assertEquals(loop.inDomain(rows.get(i)), generated.inDomain(rows.get(i)), pair + " row " + i + " in domain");
            stopped += ca ? 0 : 1;
            if (ca) {
                double w = weights[i % weights.length];
                generated.addCounted(new double[][]{blocksA, blocksA}, new int[]{0, width + 4}, 2, 1, w, a);
                loop.addCounted(new double[][]{blocksB, blocksB}, new int[]{0, width + 4}, 2, 1, w, b);
            }
            for (int j = 0; j < losses.length; j++) {
                assertEquals(Double.doubleToRawLongBits(b[j]), Double.doubleToRawLongBits(a[j]),
                        pair + " row " + i + " " + losses[j].spec() + ": " + b[j] + " vs " + a[j]);
            }
        }
        if (pair.prediction() == Shape.SCALAR && pair.label() == Shape.SCALAR) {
            assertTrue(stopped > 0 && stopped < rows.size(), pair + ": rows outside some domain " + stopped);
        }
        assertEquals(rows.size() - stopped, blocksA[1], pair + ": every counted row in the first block");
        assertEquals(rows.size() - stopped, blocksA[width + 5], pair + ": and in the second");
        for (int i = 0; i < blocksA.length; i++) {
            assertEquals(Double.doubleToRawLongBits(blocksB[i]), Double.doubleToRawLongBits(blocksA[i]),
                    pair + " hot block slot " + i + ": " + blocksB[i] + " vs " + blocksA[i]);
        }
    }
}
