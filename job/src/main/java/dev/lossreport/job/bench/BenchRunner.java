package dev.lossreport.job.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times variants side by side in one JVM: one warm-up run each, then rounds in which every variant
 * runs once, the order rotating so no variant always goes first; the median of the rounds is the
 * result. A variant marked {@link Variant#once()} runs a single timed round without warm-up. Before timing, every variant's values on the checked groups are compared with the engine's.
 */
final class BenchRunner {
    record Timing(String variant, double medianSeconds, double[] runs) {
    }

    private BenchRunner() {
    }

    static List<Timing> time(List<Variant> variants, int rounds, PrintStream log) throws Exception {
        for (Variant v : variants) {
            if (v.once()) {
                continue;
            }
            long t0 = System.nanoTime();
            v.run();
            log.printf("  warm-up %-30s %6.2f s%n", v.name(), (System.nanoTime() - t0) / 1e9);
        }
        Map<String, double[]> runs = new LinkedHashMap<>();
        variants.forEach(v -> runs.put(v.name(), new double[v.once() ? 1 : rounds]));
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get((k + r) % variants.size());
                if (v.once() && r > 0) {
                    continue;
                }
                System.gc();
                long t0 = System.nanoTime();
                v.run();
                runs.get(v.name())[v.once() ? 0 : r] = (System.nanoTime() - t0) / 1e9;
            }
        }
        List<Timing> out = new ArrayList<>();
        runs.forEach((name, t) -> out.add(new Timing(name, median(t), t)));
        return out;
    }

    /**
     * Largest difference of each variant's values against the reference's, on the keys both compute,
     * relative to max(|reference|, 1): relative for large values, absolute below 1, because the bench's
     * losses are of order 1 and a variance that is exactly 0 in one variant (Welford on a one-row
     * slice) is a rounding residue of 1e-17 in SQL's sum(x^2) - sum(x)^2 / n.
     */
    static List<String> agreement(Variant reference, List<Variant> others, long checkedGroups, double tolerance) throws Exception {
        Map<String, Double> ref = reference.values(checkedGroups);
        List<String> lines = new ArrayList<>();
        for (Variant v : others) {
            if (!v.computes("mse") && !v.computes("bce(eps=1e-15)")) {
                continue;
            }
            Map<String, Double> got = v.values(checkedGroups);
            double worst = 0;
            int compared = 0;
            for (var e : got.entrySet()) {
                if (!ref.containsKey(e.getKey())) {
                    throw new IllegalStateException(reference.name() + " has no value for " + e.getKey() + " of " + v.name());
                }
                Double a = ref.get(e.getKey());
                if (a == null && e.getValue() == null) {
                    compared++; // both undefined (an r2 of fewer than two rows)
                    continue;
                }
                if (a == null || e.getValue() == null) {
                    throw new IllegalStateException(v.name() + " and " + reference.name() + " disagree on " + e.getKey()
                            + ": " + e.getValue() + " vs " + a);
                }
                double rel = Math.abs(a - e.getValue()) / Math.max(Math.abs(a), 1.0);
                worst = Math.max(worst, rel);
                compared++;
            }
            if (compared == 0) {
                throw new IllegalStateException(v.name() + " produced no values to compare");
            }
            if (worst > tolerance) {
                throw new IllegalStateException(v.name() + " differs from " + reference.name() + " by " + worst + " (relative)");
            }
            lines.add(String.format("%s agrees with %s on %d values (largest |difference| / max(|value|, 1): %.1e)",
                    v.name(), reference.name(), compared, worst));
        }
        return lines;
    }

    static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
