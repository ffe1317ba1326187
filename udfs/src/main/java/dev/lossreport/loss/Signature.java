package dev.lossreport.loss;

import java.util.List;

/**
 * The input shapes a loss accepts, as (prediction, label) pairs. A binding picks the first pair that
 * matches the column types: a numeric label under a vector prediction is read as a class index.
 */
public record Signature(List<Pair> pairs) implements java.io.Serializable {

    public record Pair(Shape prediction, Shape label) implements java.io.Serializable {
        @Override
        public String toString() {
            return "prediction " + describe(prediction) + (label == Shape.NONE ? "" : ", label " + describe(label));
        }
    }

    public static Signature of(Shape prediction, Shape label, Shape... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("shapes come in (prediction, label) pairs");
        }
        var pairs = new java.util.ArrayList<Pair>();
        pairs.add(new Pair(prediction, label));
        for (int i = 0; i < more.length; i += 2) {
            pairs.add(new Pair(more[i], more[i + 1]));
        }
        return new Signature(List.copyOf(pairs));
    }

    /** Scalar pairs and equal-length vector pairs (element-wise losses). */
    public static final Signature ELEMENTWISE = of(Shape.SCALAR, Shape.SCALAR, Shape.VECTOR, Shape.VECTOR);
    public static final Signature SCALAR = of(Shape.SCALAR, Shape.SCALAR);

    /** Whether the loss reads a label at all. */
    public boolean needsLabel() {
        return pairs.stream().anyMatch(p -> p.label() != Shape.NONE);
    }

    /**
     * The pair to use for columns of the given shapes ({@code label} is NONE when no label column is
     * given), or null when none fits.
     */
    public Pair match(Shape prediction, Shape label) {
        for (Pair p : pairs) {
            if (p.prediction() != prediction) {
                continue;
            }
            if (p.label() == Shape.NONE
                    || p.label() == label
                    || (p.label() == Shape.INDEX && label == Shape.SCALAR)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return String.join(" | ", pairs.stream().map(Pair::toString).toList());
    }

    private static String describe(Shape s) {
        return switch (s) {
            case SCALAR -> "number";
            case VECTOR -> "array<number>";
            case INDEX -> "class index";
            case NONE -> "none";
        };
    }
}
