package dev.lossreport.job.gate;

import dev.lossreport.job.config.RunSettings;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.job.report.SliceKey;
import dev.lossreport.loss.Direction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the gate on a computed report: for each check and each slice it covers, the value
 * bounds, and the change against the baseline with the direction taken from the loss. A missing row,
 * a null or NaN value, or a missing baseline fails its check. A baseline prediction is paired with
 * the candidate on the same rows: both must have counted the same rows, weight sum and invalid rows
 * in the slice, else the check fails as unpaired.
 */
public final class Gate {
    private Gate() {
    }

    /** One slice's numbers of one loss and prediction. */
    record Numbers(String slicing, Double value, long rows, double weightSum, long invalidRows) {
    }

    /** The previous run's rows (history columns), or null when the history holds no earlier run. */
    public record PreviousRun(String runId, String runDate, Dataset<Row> rows) {
    }

    /**
     * @param report   the computed report (the plan's report schema)
     * @param previous the previous run, or null (checks against it then fail as missing)
     */
    public static Validation evaluate(List<GateTargets.Target> targets, PassPlan plan, Dataset<Row> report,
                                      PreviousRun previous) {
        Dataset<Row> keyed = report.withColumn(SliceKey.COLUMN, SliceKey.of(plan));
        List<CheckResult> results = new ArrayList<>();
        for (GateTargets.Target t : targets) {
            Map<String, Numbers> candidate = numbers(keyed, t.spec(), t.prediction(), t.label());
            RunSettings.Baseline base = t.check().baseline();
            Map<String, Numbers> baseline = null;
            String baseText = t.baselineText();
            if (base != null && !base.previousRun()) {
                baseline = numbers(keyed, t.spec(), base.prediction(), t.label());
            } else if (base != null && previous != null) {
                baseline = numbers(previous.rows(), t.spec(), t.prediction(), t.label());
                baseText = "the previous run " + previous.runId() + (previous.runDate() == null ? "" : " (" + previous.runDate() + ")");
            } else if (base != null) {
                baseText = "the previous run (the history table holds none)";
            }
            for (String key : slices(t.check().slices(), candidate)) {
                results.add(check(t, key, candidate.get(key), base == null ? null : baseText,
                        base == null ? null : baseline == null ? Map.of() : baseline, base != null && !base.previousRun()));
            }
        }
        return new Validation(results);
    }

    private static CheckResult check(GateTargets.Target t, String key, Numbers cand, String baseText,
                                     Map<String, Numbers> baseline, boolean paired) {
        RunSettings.Check c = t.check();
        List<String> failures = new ArrayList<>();
        Double value = cand == null ? null : cand.value();
        if (cand == null) {
            failures.add("the report has no row for this slice");
        } else if (value == null || value.isNaN()) {
            failures.add("the value is " + (value == null ? "null (no rows that count)" : "NaN"));
        } else {
            if (c.min() != null && !(value >= c.min())) {
                failures.add(fmt(value) + " < min " + c.min());
            }
            if (c.max() != null && !(value <= c.max())) {
                failures.add(fmt(value) + " > max " + c.max());
            }
        }
        Double baseValue = null;
        Double worsening = null;
        Double relative = null;
        if (baseline != null) {
            Numbers b = baseline.get(key);
            baseValue = b == null ? null : b.value();
            if (b == null) {
                failures.add(baseText + " has no row for this slice");
            } else if (baseValue == null || baseValue.isNaN()) {
                failures.add(baseText + " has no value (" + (baseValue == null ? "null" : "NaN") + ")");
            } else if (paired && cand != null && (cand.rows() != b.rows() || cand.weightSum() != b.weightSum()
                    || cand.invalidRows() != b.invalidRows())) {
                failures.add("not paired on the same rows: the candidate counted " + cand.rows() + " rows (weight "
                        + fmt(cand.weightSum()) + ", " + cand.invalidRows() + " invalid), the baseline " + b.rows()
                        + " rows (weight " + fmt(b.weightSum()) + ", " + b.invalidRows() + " invalid)");
            } else if (value != null && !value.isNaN()) {
                Direction d = t.direction();
                worsening = d.badness(value) - d.badness(baseValue);
                double scale = Math.abs(d.badness(baseValue));
                relative = worsening == 0 ? 0.0 : worsening / scale;
                if (c.maxWorsening() != null && !(worsening <= c.maxWorsening())) {
                    failures.add("worse than " + baseText + " (" + fmt(baseValue) + ") by " + fmt(worsening)
                            + " > max_worsening " + c.maxWorsening());
                }
                if (c.maxRelativeWorsening() != null && !(relative <= c.maxRelativeWorsening())) {
                    failures.add("worse than " + baseText + " (" + fmt(baseValue) + ") by " + fmt(relative)
                            + " relative > max_relative_worsening " + c.maxRelativeWorsening());
                }
            }
        }
        return new CheckResult(t.describe(), t.spec(), t.prediction(), key, value, baseText, baseValue, worsening,
                relative, failures.isEmpty(), failures.isEmpty() ? null : String.join("; ", failures));
    }

    /** The slice keys a check covers, in report order: the listed ones (present or not), then whole slicings. */
    private static List<String> slices(RunSettings.Slices s, Map<String, Numbers> rows) {
        List<String> keys = new ArrayList<>(s.keys());
        for (Map.Entry<String, Numbers> e : rows.entrySet()) {
            if ((s.all() || s.slicings().contains(e.getValue().slicing())) && !keys.contains(e.getKey())) {
                keys.add(e.getKey());
            }
        }
        return keys;
    }

    /** slice key -> numbers, for one loss and prediction of a keyed report or history run. */
    private static Map<String, Numbers> numbers(Dataset<Row> keyed, String spec, String prediction, String label) {
        // A loss that reads no label reports a null label.
        List<Row> rows = keyed.filter(functions.col("loss").equalTo(spec).and(functions.col("prediction").equalTo(prediction))
                        .and(functions.col("label").isNull().or(functions.col("label").equalTo(label))))
                .select(functions.col("slice"), functions.col(SliceKey.COLUMN), functions.col("value"),
                        functions.col("rows"), functions.col("weight_sum"), functions.col("invalid_rows"))
                .orderBy(functions.col("slice"), functions.col(SliceKey.COLUMN))
                .collectAsList();
        Map<String, Numbers> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.put(r.getString(1), new Numbers(r.getString(0), r.isNullAt(2) ? null : r.getDouble(2), r.getLong(3), r.getDouble(4), r.getLong(5)));
        }
        return m;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
