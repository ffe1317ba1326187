package dev.lossreport.loss;

/**
 * A scalar loss applied to the element pairs of equal-length array rows: {@link FlattenedLoss} pools
 * them into one state, {@link MultiOutputLoss} keeps one state per output. This holds what both do
 * alike: the wrapped loss, an element pair as a row of it, and the domain and per-row value over the
 * kept elements (see masks).
 */
abstract class ElementPairLoss extends Loss {
    private static final Signature ARRAYS = Signature.of(Shape.VECTOR, Shape.VECTOR);

    final Loss base;
    /** One element pair as a row of the scalar loss, reused row after row (a loss is used by one task at a time). */
    private transient Example scratch;

    ElementPairLoss(LossType type, Params params, Loss base) {
        super(type, params);
        this.base = base;
    }

    /** Element j of the array row x, with x's weight, as a row of the scalar loss (the reused scratch row). */
    final Example element(Example x, int j) {
        if (scratch == null) {
            scratch = new Example();
        }
        scratch.prediction = x.predictions[j];
        scratch.label = x.labels[j];
        scratch.weight = x.weight;
        return scratch;
    }

    /** Whether every kept one of the first n element pairs is in the scalar loss's domain. */
    final boolean keptInDomain(Example x, int n) {
        for (int j = 0; j < n; j++) {
            if (x.keeps(j) && !base.inDomain(element(x, j))) {
                return false;
            }
        }
        return true;
    }

    /** The mean over the kept ones of the first n element pairs of the scalar loss's pointwise value (what the per-row UDF shows). */
    final double keptMean(Example x, int n) {
        double sum = 0;
        int kept = 0;
        for (int j = 0; j < n; j++) {
            if (x.keeps(j)) {
                sum += base.pointwise(element(x, j));
                kept++;
            }
        }
        return sum / kept;
    }

    @Override
    public Signature signature() {
        return ARRAYS;
    }

    @Override
    public boolean elementMasks() {
        return true;
    }

    @Override
    public Direction direction() {
        return base.direction();
    }
}
