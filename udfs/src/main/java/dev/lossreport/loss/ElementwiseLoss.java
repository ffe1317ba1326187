package dev.lossreport.loss;

/**
 * A mean loss defined on one (prediction, label) pair of numbers. On array columns of equal length
 * (multi-output targets, image pixels) the row's value is the mean of the element values (Keras'
 * convention), and the row counts only when every element is in the domain.
 */
public abstract class ElementwiseLoss extends MeanLoss {

    protected ElementwiseLoss(LossType type, Params params) {
        super(type, params);
    }

    /** Whether the pair is in the loss's domain; by default both are finite. */
    protected boolean inDomain(double prediction, double label) {
        return Double.isFinite(prediction) && Double.isFinite(label);
    }

    /** The pointwise value of one pair in the domain. */
    protected abstract double term(double prediction, double label);

    @Override
    public final boolean inDomain(Example x) {
        if (!x.predictionIsVector) {
            return inDomain(x.prediction, x.label);
        }
        int n = x.predictionLength;
        if (n <= 0 || n != x.labelLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!inDomain(x.predictions[i], x.labels[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public final double pointwise(Example x) {
        if (!x.predictionIsVector) {
            return term(x.prediction, x.label);
        }
        int n = x.predictionLength;
        double sum = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
            // Neumaier within the row too: images have millions of pixels.
            double v = term(x.predictions[i], x.labels[i]);
            double t = sum + v;
            c += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        return (sum + c) / n;
    }
}
