package dev.lossreport.job.schedule;

import dev.lossreport.job.JobException;
import dev.lossreport.job.gate.Gate;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.job.report.SliceKey;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The history table: a Parquet table at a Hadoop path to which every run appends its report rows with
 * its run date and run id, so a loss can be followed over time
 * ({@code SELECT run_date, value FROM parquet.`PATH` WHERE loss = 'bce(eps=1e-15)' AND slice_key = 'season=2019'}).
 *
 * <p>Its columns do not depend on the job's slicings: {@code run_date} (null for a run without one),
 * {@code run_id}, {@code slice} (the slicing), {@code slice_key} ({@code season=2019}, see
 * {@link SliceKey}), then the report's {@code loss, prediction, label, output, value, rows, weight_sum,
 * invalid_rows, masked_rows}. A rerun of a date appends again under its own run id; readers take the latest run
 * of each date ({@link #latestPerDate}).
 */
public final class HistoryTable {
    public static final List<String> COLUMNS = List.of("run_date", "run_id", "slice", SliceKey.COLUMN, "loss",
            "prediction", "label", "output", "value", "rows", "weight_sum", "invalid_rows", "masked_rows");

    private HistoryTable() {
    }

    /** Appends a published report's rows. */
    public static void append(String path, Dataset<Row> report, PassPlan plan, String runId, LocalDate runDate) {
        Dataset<Row> rows = report.select(
                functions.lit(runDate == null ? null : java.sql.Date.valueOf(runDate)).cast("date").alias("run_date"),
                functions.lit(runId).alias("run_id"),
                functions.col("slice"), SliceKey.of(plan), functions.col("loss"), functions.col("prediction"),
                functions.col("label"), functions.col("output"), functions.col("value"), functions.col("rows"),
                functions.col("weight_sum"), functions.col("invalid_rows"), functions.col("masked_rows"));
        rows.coalesce(1).write().mode("append").parquet(path);
    }

    /** The history table, or null when nothing has been appended to {@code path} yet. */
    public static Dataset<Row> read(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                return null;
            }
        } catch (IOException e) {
            throw JobException.input("cannot open the history table " + path + ": " + e.getMessage());
        }
        Dataset<Row> h = spark.read().parquet(path);
        for (String c : COLUMNS) {
            if (!List.of(h.columns()).contains(c)) {
                throw JobException.input(path + " is not a lossreport history table: it has no column '" + c + "'");
            }
        }
        return h.select(COLUMNS.stream().map(functions::col).toArray(Column[]::new));
    }

    /**
     * The run before this one: with a run date, the latest run of the latest earlier date; without
     * one, the latest run recorded. Null when there is none.
     */
    public static Gate.PreviousRun previousRun(SparkSession spark, String path, LocalDate runDate) {
        Dataset<Row> h = read(spark, path);
        if (h == null) {
            return null;
        }
        Dataset<Row> earlier = h;
        Column[] order = {functions.col("run_id").desc()};
        if (runDate != null) {
            earlier = h.filter(functions.col("run_date").lt(functions.lit(java.sql.Date.valueOf(runDate))));
            order = new Column[]{functions.col("run_date").desc(), functions.col("run_id").desc()};
        }
        List<Row> last = earlier.select("run_date", "run_id").distinct().orderBy(order).limit(1).collectAsList();
        if (last.isEmpty()) {
            return null;
        }
        String runId = last.get(0).getString(1);
        String date = last.get(0).isNullAt(0) ? null : last.get(0).get(0).toString();
        return new Gate.PreviousRun(runId, date, h.filter(functions.col("run_id").equalTo(runId)));
    }

    /** The rows of the latest run of each run date (runs without a date are each their own). */
    public static Dataset<Row> latestPerDate(Dataset<Row> history) {
        Dataset<Row> latest = history.groupBy(functions.col("run_date").alias("__date"))
                .agg(functions.max("run_id").alias("__latest"));
        Dataset<Row> dated = history.join(latest, functions.col("run_date").equalTo(functions.col("__date"))
                        .and(functions.col("run_id").equalTo(functions.col("__latest"))), "left_semi");
        return dated.unionByName(history.filter(functions.col("run_date").isNull()));
    }
}
