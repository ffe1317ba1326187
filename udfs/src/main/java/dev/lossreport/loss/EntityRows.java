package dev.lossreport.loss;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of one entity for one input binding, as an {@link EntityLoss} reads them: per row a
 * prediction and a label, each present or absent (a null column value, or a row of the other table of
 * a join), in the order the job delivers them (item or replicate id descending). Values are kept as
 * given, NaN included, so a loss decides what does not count.
 *
 * <p>The job reuses one instance per binding, entity after entity. Views derived from the rows (a
 * query's ranking, an example's replicate statistics) are computed once per entity and shared by every
 * loss of the binding through {@link #derived}.
 */
public final class EntityRows {
    private int size;
    private double[] predictions = new double[16];
    private double[] labels = new double[16];
    private boolean[] hasPrediction = new boolean[16];
    private boolean[] hasLabel = new boolean[16];
    private final Map<Class<?>, Object> derived = new HashMap<>(4);

    /** Rows from arrays of equal length; a null entry is an absent value. */
    public static EntityRows of(Double[] predictions, Double[] labels) {
        if (predictions.length != labels.length) {
            throw new IllegalArgumentException("one label per prediction");
        }
        EntityRows rows = new EntityRows();
        for (int i = 0; i < predictions.length; i++) {
            rows.add(predictions[i] != null, predictions[i] == null ? Double.NaN : predictions[i],
                    labels[i] != null, labels[i] == null ? Double.NaN : labels[i]);
        }
        return rows;
    }

    /** Forgets the rows and the derived views, keeping the buffers. */
    public void clear() {
        size = 0;
        derived.clear();
    }

    public void add(boolean withPrediction, double prediction, boolean withLabel, double label) {
        if (size == predictions.length) {
            int n = size * 2;
            predictions = Arrays.copyOf(predictions, n);
            labels = Arrays.copyOf(labels, n);
            hasPrediction = Arrays.copyOf(hasPrediction, n);
            hasLabel = Arrays.copyOf(hasLabel, n);
        }
        predictions[size] = prediction;
        labels[size] = label;
        hasPrediction[size] = withPrediction;
        hasLabel[size] = withLabel;
        size++;
        derived.clear();
    }

    public int size() {
        return size;
    }

    public boolean hasPrediction(int i) {
        return hasPrediction[i];
    }

    public double prediction(int i) {
        return predictions[i];
    }

    public boolean hasLabel(int i) {
        return hasLabel[i];
    }

    public double label(int i) {
        return labels[i];
    }

    /** A view of these rows built once per entity, e.g. {@code rows.derived(Ranking.class, Ranking::of)}. */
    public <V> V derived(Class<V> kind, Function<EntityRows, V> build) {
        Object v = derived.get(kind);
        if (v == null) {
            v = build.apply(this);
            derived.put(kind, v);
        }
        return kind.cast(v);
    }
}
