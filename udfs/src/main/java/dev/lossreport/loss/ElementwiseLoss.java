package dev.lossreport.loss;

/**
 * A mean loss defined on one (prediction, label) pair of numbers, lifted to array columns of equal
 * length (multi-output targets, image pixels): the row's value is the mean of the element values over
 * the elements its mask keeps (Keras' convention; masked elements leave numerator and denominator),
 * then rows are reduced as every mean loss. A row counts only when its arrays pair up
 * ({@link Example#pairedLength()}: both non-null, non-empty, of one length) and every kept element is
 * in the domain; a null element is NaN and out of every domain unless masked.
 *
 * <p>A family member may finish the row mean into its row value ({@link #finishRow}, e.g. PSNR from
 * the per-image MSE). The {@link ArrayOptions} offer scikit-learn's per-output reduction and a pooled
 * per-element average instead.
 */
public abstract class ElementwiseLoss extends MeanLoss {

    /** Whether the pair domain is the default (both finite), checked inline instead of by a call. */
    private final boolean finiteDomain;

    protected ElementwiseLoss(LossType type, Params params) {
        super(type, params);
        this.finiteDomain = !overridesPairDomain(getClass());
    }

    private static boolean overridesPairDomain(Class<?> c) {
        for (; c != ElementwiseLoss.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("inDomain", double.class, double.class);
                return true;
            } catch (NoSuchMethodException e) {
                // not declared here: look further up
            }
        }
        return false;
    }

    /** Whether the pair is in the loss's domain; by default both are finite. */
    protected boolean inDomain(double prediction, double label) {
        return Double.isFinite(prediction) && Double.isFinite(label);
    }

    /** The pointwise value of one pair in the domain. */
    protected abstract double term(double prediction, double label);

    /**
     * The pointwise value of a scalar row's pair: {@link #term(double, double)} unless the loss reads
     * sub-expressions the row shares with other losses (its remembered logarithms, {@link Example#log}).
     */
    protected double term(double prediction, double label, Example row) {
        return term(prediction, label);
    }

    /** The row value of an array row from the mean of its kept element terms; the mean itself by default. */
    protected double finishRow(double meanTerm) {
        return meanTerm;
    }

    @Override
    public boolean elementMasks() {
        return true;
    }

    @Override
    public final boolean inDomain(Example x) {
        if (!x.predictionIsVector) {
            return inDomain(x.prediction, x.label);
        }
        int n = x.pairedLength();
        if (n < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (x.keeps(i) && !inDomain(x.predictions[i], x.labels[i])) {
                return false;
            }
        }
        return true;
    }

    /** A scalar row in one call: the domain (inline when it is the default) and the term. */
    @Override
    public final double evaluate(Example x) {
        if (x.predictionIsVector) {
            return inDomain(x) ? pointwise(x) : Double.NaN;
        }
        double p = x.prediction;
        double y = x.label;
        boolean in = finiteDomain ? Double.isFinite(p) && Double.isFinite(y) : inDomain(p, y);
        return in ? term(p, y, x) : Double.NaN;
    }

    @Override
    public final double pointwise(Example x) {
        if (!x.predictionIsVector) {
            return term(x.prediction, x.label, x);
        }
        int n = x.pairedLength();
        double sum = 0;
        double c = 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!x.keeps(i)) {
                continue;
            }
            // Neumaier within the row too: images have millions of pixels.
            double v = term(x.predictions[i], x.labels[i]);
            double t = sum + v;
            if (Double.isFinite(t)) {
                c += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            }
            sum = t;
            kept++;
        }
        return finishRow((Double.isFinite(sum) ? sum + c : sum) / kept);
    }
}
