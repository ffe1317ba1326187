package dev.lossreport.loss;

import java.util.List;

/**
 * A loss over a list of rows on one machine, the way the job finishes a slice: every row updates the
 * state, and a quantile loss then gets the order statistics of all the slice's rows.
 */
public final class Evaluate {
    private Evaluate() {
    }

    /** The state after every row's update, without order statistics (a partition's partial state). */
    public static double[] partial(Loss loss, List<Example> rows) {
        double[] s = new double[loss.width()];
        rows.forEach(x -> loss.update(s, 0, x));
        return s;
    }

    /** Adds the order statistics of {@code rows} to a merged state, if the loss needs them. */
    public static double[] complete(Loss loss, double[] s, List<Example> rows) {
        if (loss instanceof QuantileLoss q) {
            List<Example> ordered = rows.stream().filter(q::ordersRow).toList();
            double[] values = ordered.stream().mapToDouble(q::orderedValue).toArray();
            double[] weights = ordered.stream().mapToDouble(x -> x.weight).toArray();
            q.completeOrderStatistics(s, 0, values, weights, values.length);
        }
        return s;
    }

    /** The finished state of a slice of these rows. */
    public static double[] state(Loss loss, List<Example> rows) {
        return complete(loss, partial(loss, rows), rows);
    }

    public static Double value(Loss loss, List<Example> rows) {
        return loss.value(state(loss, rows), 0);
    }

    public static Double value(String spec, List<Example> rows) {
        return value(Losses.parse(spec), rows);
    }
}
