package dev.lossreport.loss.classification;

/**
 * log softmax(x)_k = x_k - max - log(sum_j exp(x_j - max)), stable for large logits. When some logits
 * are +Infinity they share the probability mass equally and every finite logit gets -Infinity.
 */
record LogSoftmax(double max, double logSum, int infinite) {

    static LogSoftmax of(double[] x, int n) {
        double max = max(x, n);
        if (max == Double.POSITIVE_INFINITY) {
            int count = 0;
            for (int k = 0; k < n; k++) {
                if (x[k] == Double.POSITIVE_INFINITY) {
                    count++;
                }
            }
            return new LogSoftmax(max, Math.log(count), count);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(x[k] - max);
        }
        return new LogSoftmax(max, Math.log(sum), 0);
    }

    static double max(double[] x, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, x[k]);
        }
        return max;
    }

    double at(double xk) {
        if (infinite > 0) {
            return xk == Double.POSITIVE_INFINITY ? -logSum : Double.NEGATIVE_INFINITY;
        }
        return (xk - max) - logSum;
    }
}
