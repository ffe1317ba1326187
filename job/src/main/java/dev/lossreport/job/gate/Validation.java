package dev.lossreport.job.gate;

import dev.lossreport.job.report.ReportFormats;
import dev.lossreport.job.report.RunSummary;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate's outcome: one {@link CheckResult} per check and slice. It is written into the report
 * directory as the table {@value #TABLE} (the report's format) and summarized in the
 * {@code validation} section of {@code _run.json}; any failure makes the exit code 3.
 */
public record Validation(List<CheckResult> results) {
    /** The checks table inside a report directory; the leading underscore keeps it out of the report table. */
    public static final String TABLE = "_checks";
    /** Failed results listed in {@code _run.json}; all of them are in the checks table. */
    static final int LISTED_FAILURES = 100;
    private static final int PRINTED_FAILURES = 20;

    public static final Validation NONE = new Validation(List.of());

    public boolean passed() {
        return results.stream().allMatch(CheckResult::passed);
    }

    public long failed() {
        return results.stream().filter(r -> !r.passed()).count();
    }

    /** The {@code validation} section of {@code _run.json}: counts per check, and the failures. */
    public Map<String, Object> summary() {
        Map<String, Object> m = RunSummary.section();
        m.put("passed", passed());
        m.put("checked", results.size());
        m.put("failed", failed());
        Map<String, int[]> byCheck = new LinkedHashMap<>();
        for (CheckResult r : results) {
            int[] c = byCheck.computeIfAbsent(r.check(), k -> new int[2]);
            c[0]++;
            c[1] += r.passed() ? 0 : 1;
        }
        List<Map<String, Object>> checks = new ArrayList<>();
        byCheck.forEach((check, c) -> {
            Map<String, Object> e = RunSummary.section();
            e.put("check", check);
            e.put("slices", c[0]);
            e.put("failed", c[1]);
            checks.add(e);
        });
        m.put("checks", checks);
        List<CheckResult> failures = results.stream().filter(r -> !r.passed()).limit(LISTED_FAILURES).toList();
        m.put("failures", failures);
        if (failed() > failures.size()) {
            m.put("failures_listed", failures.size());
        }
        m.put("table", TABLE);
        return m;
    }

    /** Writes the results as the checks table inside a (staging) report directory. */
    public void write(SparkSession spark, Path reportDir, String format) {
        List<Row> rows = new ArrayList<>();
        for (CheckResult r : results) {
            rows.add(RowFactory.create(r.check(), r.loss(), r.prediction(), r.slice(), r.value(), r.baseline(),
                    r.baselineValue(), r.worsening(), r.relativeWorsening(), r.passed() ? "passed" : "failed", r.reason()));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format(format).options(ReportFormats.writeOptions(format))
                .mode("errorifexists").save(new Path(reportDir, TABLE).toString());
    }

    /** The columns of the checks table. */
    public static final StructType SCHEMA = new StructType()
            .add("check", DataTypes.StringType, false)
            .add("loss", DataTypes.StringType, false)
            .add("prediction", DataTypes.StringType, false)
            .add("slice", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true)
            .add("baseline", DataTypes.StringType, true)
            .add("baseline_value", DataTypes.DoubleType, true)
            .add("worsening", DataTypes.DoubleType, true)
            .add("relative_worsening", DataTypes.DoubleType, true)
            .add("outcome", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true);

    /** Prints the first failures and a one-line verdict. */
    public void print(PrintStream out) {
        if (results.isEmpty()) {
            return;
        }
        results.stream().filter(r -> !r.passed()).limit(PRINTED_FAILURES)
                .forEach(r -> out.println("FAILED " + r.check() + " on " + r.slice() + ": " + r.reason()));
        if (failed() > PRINTED_FAILURES) {
            out.println("... " + (failed() - PRINTED_FAILURES) + " more failures in the report's " + TABLE + " table");
        }
        out.println("validation: " + (passed() ? "passed" : "FAILED") + ", " + results.size() + " checked, "
                + failed() + " failed");
    }
}
