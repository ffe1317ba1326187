package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cross-entropy losses of a row share its logarithms ({@link Example#log}, {@link Example#rowLog1m}):
 * a reused example, read by several such losses in every order and row after row, gives bit for bit
 * the values each loss gives on a fresh example, and the remembered logarithms equal the direct ones.
 */
class SharedLogsTest {
    private static final List<Loss> CROSS_ENTROPY = List.of(Losses.parse("bce"), Losses.parse("bce(eps=0)"),
            Losses.parse("bce(eps=1e-7,label_smoothing=0.1)"), Losses.parse("focal(gamma=2.0)"),
            Losses.parse("focal(gamma=0.5,alpha=0.25,eps=1e-3)"), Losses.parse("nll"), Losses.parse("nll(eps=1e-3)"),
            Losses.parse("bce(from_logits=true)"));

    // 0 next to -0: equal as numbers, but log(1 - q) differs in the sign of its zero.
    private static final double[] EDGES = {0, -0.0, 1, 1e-15, 1 - 1e-15, 1e-3, 0.5, 0.49999999999999994, 0.25, 0.75,
            Double.NaN, 1e-300};

    @Test
    void aReusedExampleGivesEveryLossItsOwnValueInAnyOrder() {
        Random r = new Random(17);
        Example shared = new Example();
        for (int row = 0; row < 5_000; row++) {
            double p = row < EDGES.length * EDGES.length ? EDGES[row % EDGES.length] : r.nextDouble();
            double y = row < EDGES.length * EDGES.length ? EDGES[row / EDGES.length] : r.nextInt(3) * 0.5;
            shared.prediction = p;
            shared.label = y;
            // A different order each row: whichever loss asks first computes, the others reuse.
            int first = r.nextInt(CROSS_ENTROPY.size());
            for (int k = 0; k < CROSS_ENTROPY.size(); k++) {
                Loss loss = CROSS_ENTROPY.get((first + k) % CROSS_ENTROPY.size());
                if (!(loss instanceof MeanLoss mean)) {
                    throw new AssertionError(loss.spec() + " is a mean loss");
                }
                double expected = mean.evaluate(Example.scalar(p, y, 1));
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(mean.evaluate(shared)),
                        loss.spec() + " at p=" + p + ", y=" + y);
            }
        }
    }

    @Test
    void rememberedLogarithmsEqualTheDirectOnes() {
        Example x = new Example();
        Random r = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            double q = i < EDGES.length ? EDGES[i] : r.nextDouble();
            for (int again = 0; again < 2; again++) {
                assertEquals(Double.doubleToLongBits(Math.log(q)), Double.doubleToLongBits(x.log(q)), "log " + q);
                assertEquals(Double.doubleToLongBits(Example.log1m(q)), Double.doubleToLongBits(x.rowLog1m(q)), "log(1 - q) " + q);
            }
        }
    }
}
