package dev.lossreport.loss.replicates;

import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.EntityRows;
import dev.lossreport.loss.Losses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-example values of the bias and variance decomposition, derived by hand. */
class ReplicateLossesTest {

    /** Label 1 (on every replicate's row), predictions 0, 1, 2, 3: mean 1.5. */
    private static EntityRows spread() {
        return EntityRows.of(new Double[]{0.0, 1.0, 2.0, 3.0}, new Double[]{1.0, 1.0, 1.0, 1.0});
    }

    /** Label 2 on a row of its own (a joined labels table), predictions 2, 2, 1: mode 2. */
    private static EntityRows majority() {
        return EntityRows.of(new Double[]{2.0, 2.0, 1.0, null}, new Double[]{null, null, null, 2.0});
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // squared: (1 + 0 + 1 + 4) / 4 = (1.5 - 1)^2 + (2.25 + 0.25 + 0.25 + 2.25) / 4
                row("expected_loss", spread(), 1.5),
                row("bias", spread(), 0.25),
                row("variance", spread(), 1.25),
                row("expected_loss(loss=squared)", majority(), (0 + 0 + 1) / 3.0),
                row("bias", majority(), Math.pow(5 / 3.0 - 2, 2)),
                row("variance", majority(), (2 * Math.pow(1 / 3.0, 2) + Math.pow(2 / 3.0, 2)) / 3),
                // zero_one: every prediction of spread() occurs once, so the mode is the smallest, 0
                row("expected_loss(loss=zero_one)", spread(), 3 / 4.0),
                row("bias(loss=zero_one)", spread(), 1.0),
                row("variance(loss=zero_one)", spread(), 3 / 4.0),
                row("expected_loss(loss=zero_one)", majority(), 1 / 3.0),
                row("bias(loss=zero_one)", majority(), 0.0),
                row("variance(loss=zero_one)", majority(), 1 / 3.0),
                // one replicate: no variance
                row("variance", EntityRows.of(new Double[]{4.0}, new Double[]{1.0}), 0.0),
                row("bias", EntityRows.of(new Double[]{4.0}, new Double[]{1.0}), 9.0));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("cases")
    void matchesHandDerivedValue(String spec, EntityRows rows, double expected) {
        assertEquals(expected, ((EntityLoss) Losses.parse(spec)).entityValue(rows), 1e-15, spec);
    }

    static Stream<Arguments> notCounted() {
        return Stream.of(
                row("bias", EntityRows.of(new Double[]{1.0, 2.0}, new Double[]{1.0, 2.0}), Double.NaN),
                row("bias", EntityRows.of(new Double[]{1.0, 2.0}, new Double[]{null, null}), Double.NaN),
                row("variance", EntityRows.of(new Double[]{null}, new Double[]{1.0}), Double.NaN),
                row("expected_loss", EntityRows.of(new Double[]{Double.NaN, 1.0}, new Double[]{1.0, 1.0}), Double.NaN),
                row("expected_loss", EntityRows.of(new Double[]{0.0, 1.0}, new Double[]{Double.POSITIVE_INFINITY, null}), Double.NaN));
    }

    @ParameterizedTest(name = "{0} does not count")
    @MethodSource("notCounted")
    void examplesThatCannotCountAreNaN(String spec, EntityRows rows, double ignored) {
        assertTrue(Double.isNaN(((EntityLoss) Losses.parse(spec)).entityValue(rows)), spec);
    }

    private static Arguments row(String spec, EntityRows rows, double expected) {
        return Arguments.of(spec, rows, expected);
    }
}
