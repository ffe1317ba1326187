package dev.lossreport.job.bench;

import java.util.List;

/**
 * The losses the benchmark computes, each with the plain SQL aggregate a user would write for it
 * (Spark SQL and DuckDB accept the same text): the native reference the engine is measured against.
 * p is the prediction, y the label, w the weight.
 */
final class BenchLosses {
    private BenchLosses() {
    }

    record BenchLoss(String spec, String sql) {
    }

    private static final String CLIPPED = "greatest(least(p, 1 - 1e-15), 1e-15)";

    static final List<BenchLoss> SIX = List.of(
            new BenchLoss("mse", "sum(w * (p - y) * (p - y)) / sum(w)"),
            new BenchLoss("rmse", "sqrt(sum(w * (p - y) * (p - y)) / sum(w))"),
            new BenchLoss("mae", "sum(w * abs(p - y)) / sum(w)"),
            new BenchLoss("huber(delta=1.0)",
                    "sum(w * CASE WHEN abs(p - y) <= 1.0 THEN 0.5 * (p - y) * (p - y) ELSE abs(p - y) - 0.5 END) / sum(w)"),
            new BenchLoss("bce(eps=1e-15)",
                    "sum(-w * (y * ln(" + CLIPPED + ") + (1 - y) * ln(1 - " + CLIPPED + "))) / sum(w)"),
            new BenchLoss("mean_error", "sum(w * (p - y)) / sum(w)"));

    static final List<BenchLoss> TWENTY = concat(SIX, List.of(
            new BenchLoss("brier", "sum(w * (p - y) * (p - y)) / sum(w)"),
            new BenchLoss("huber(delta=0.5)",
                    "sum(w * CASE WHEN abs(p - y) <= 0.5 THEN 0.5 * (p - y) * (p - y) ELSE 0.5 * (abs(p - y) - 0.25) END) / sum(w)"),
            new BenchLoss("quantile(alpha=0.9)", "sum(w * greatest(0.9 * (y - p), -0.1 * (y - p))) / sum(w)"),
            new BenchLoss("log_cosh", "sum(w * (abs(p - y) + ln(1 + exp(-2 * abs(p - y))) - ln(2))) / sum(w)"),
            new BenchLoss("error_variance",
                    "(sum(w * (p - y) * (p - y)) - sum(w * (p - y)) * sum(w * (p - y)) / sum(w)) / sum(w)"),
            // A constant label: 1.0 for a perfect prediction, else 0.0 (scikit-learn's force_finite); < 2 rows: null.
            new BenchLoss("r2", "CASE WHEN count(*) < 2 THEN NULL"
                    + " WHEN sum(w * y * y) - sum(w * y) * sum(w * y) / sum(w) = 0"
                    + " THEN CASE WHEN sum(w * (p - y) * (p - y)) = 0 THEN 1.0 ELSE 0.0 END"
                    + " ELSE 1 - sum(w * (p - y) * (p - y)) / (sum(w * y * y) - sum(w * y) * sum(w * y) / sum(w)) END"),
            new BenchLoss("focal(gamma=2.0)", "sum(-w * pow(y * (1 - p) + (1 - y) * p, 2) * (y * ln(" + CLIPPED + ")"
                    + " + (1 - y) * ln(1 - " + CLIPPED + "))) / sum(w)"),
            new BenchLoss("poisson_deviance",
                    "sum(w * 2 * (CASE WHEN y > 0 THEN y * ln(y / p) ELSE 0 END - y + p)) / sum(w)"),
            new BenchLoss("bce(eps=1e-15,label_smoothing=0.1)", "sum(-w * ((0.9 * y + 0.05) * ln(" + CLIPPED + ")"
                    + " + (1 - (0.9 * y + 0.05)) * ln(1 - " + CLIPPED + "))) / sum(w)"),
            new BenchLoss("nll(eps=1e-15)", "sum(-w * ln(greatest(p, 1e-15))) / sum(w)"),
            new BenchLoss("msle", "sum(w * (ln(1 + p) - ln(1 + y)) * (ln(1 + p) - ln(1 + y))) / sum(w)"),
            new BenchLoss("hinge@x", "sum(w * greatest(0, 1 - (2 * y - 1) * x)) / sum(w)"),
            new BenchLoss("bce(eps=1e-15,from_logits=true)",
                    "sum(w * (greatest(x, 0) - x * y + ln(1 + exp(-abs(x))))) / sum(w)"),
            new BenchLoss("mae(reduction=sum)@x", "sum(w * abs(x - y))")));

    private static List<BenchLoss> concat(List<BenchLoss> a, List<BenchLoss> b) {
        var out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
