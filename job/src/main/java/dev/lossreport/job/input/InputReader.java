package dev.lossreport.job.input;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.util.Arrays;
import java.util.List;

/**
 * Reads the input table, and the labels table when there is one, and joins them on the key.
 *
 * <p>The join is a full outer join with a {@value #SIDE} column (0 both sides, 1 prediction only,
 * 2 labels only) so that the one pass over the data can count unmatched rows on each side instead
 * of losing them; only matched rows reach the losses.
 */
public final class InputReader {
    public static final String SIDE = "__lossreport_side";
    public static final int MATCHED = 0;
    public static final int PREDICTION_ONLY = 1;
    public static final int LABELS_ONLY = 2;

    private InputReader() {
    }

    /**
     * The table, or the joined tables with the {@value #SIDE} column. No Spark job runs here beyond
     * schema inference, except the duplicated-key check of two joined tables.
     */
    public static Dataset<Row> read(SparkSession spark, JobConfig config) {
        return read(spark, config, new InputDiagnostics());
    }

    /**
     * As {@link #read(SparkSession, JobConfig)}, recording what the checks of the input found
     * (Parquet files, schema drift, skipped files, duplicated keys) in {@code diag}.
     */
    public static Dataset<Row> read(SparkSession spark, JobConfig config, InputDiagnostics diag) {
        return join(tables(spark, config, diag), config, diag, true);
    }

    /** The input table and, when there is one, the labels table (else null), as read. */
    public record Tables(Dataset<Row> input, Dataset<Row> labels) {
    }

    /** Reads the tables and checks that the join key and the other columns can be joined; no Spark job. */
    public static Tables tables(SparkSession spark, JobConfig config, InputDiagnostics diag) {
        var policies = config.policies();
        Dataset<Row> input = table(spark, config.input(), "input", policies.skipUnreadableInput(), diag);
        if (!config.joined()) {
            return new Tables(input, null);
        }
        Dataset<Row> labels = table(spark, config.labels(), "labels", policies.skipUnreadableLabels(), diag);
        List<String> key = config.joinKey();
        for (String k : key) {
            requireColumn(input, k, "join key", config.input().path());
            requireColumn(labels, k, "join key", config.labels().path());
        }
        // Columns present on both sides (other than the key) would be ambiguous after the join.
        List<String> inputCols = Arrays.asList(input.columns());
        List<String> clash = Arrays.stream(labels.columns())
                .filter(c -> inputCols.contains(c) && !key.contains(c)).toList();
        if (!clash.isEmpty()) {
            throw JobException.usage("columns " + clash + " are in both the input and the labels table; "
                    + "rename them in one table so each column has one source");
        }
        return new Tables(input, labels);
    }

    /**
     * The input of the pass: the single table, or the two tables full-outer-joined on the key. With
     * {@code checkKeys}, duplicated join keys are looked for first (one small Spark job per table over
     * its key columns, {@link JoinKeys}); without, no Spark job runs, which is how the plan is
     * checked before anything is computed.
     */
    public static Dataset<Row> join(Tables tables, JobConfig config, InputDiagnostics diag, boolean checkKeys) {
        if (tables.labels() == null) {
            return tables.input();
        }
        List<String> key = config.joinKey();
        Dataset<Row> input = tables.input();
        Dataset<Row> labels = tables.labels();
        if (checkKeys) {
            input = JoinKeys.check(input, predictionKey(config, input), "input", config.input().path(), config.policies(),
                    diag.table("input", config.input().path()));
            labels = JoinKeys.check(labels, key, "labels", config.labels().path(), config.policies(),
                    diag.table("labels", config.labels().path()));
        }
        Dataset<Row> left = input.withColumn("__lossreport_left", functions.lit(true));
        Dataset<Row> right = labels.withColumn("__lossreport_right", functions.lit(true));
        Dataset<Row> joined = left.join(right, scala.jdk.javaapi.CollectionConverters.asScala(key).toSeq(), "full_outer");
        Column side = functions.when(joined.col("__lossreport_left").isNull(), LABELS_ONLY)
                .when(joined.col("__lossreport_right").isNull(), PREDICTION_ONLY)
                .otherwise(MATCHED);
        return joined.withColumn(SIDE, side).drop("__lossreport_left", "__lossreport_right");
    }

    /**
     * What must be unique in the input table: the join key, plus the replicate column when the run
     * scores several predictions per example (one row per example and replicate is the unit).
     */
    private static List<String> predictionKey(JobConfig config, Dataset<Row> input) {
        JobConfig.Entity e = config.entity();
        List<String> key = config.joinKey();
        if (e != null && e.kind().equals(JobConfig.Entity.EXAMPLE) && !key.contains(e.order())
                && Arrays.asList(input.columns()).contains(e.order())) {
            List<String> k = new java.util.ArrayList<>(key);
            k.add(e.order());
            return List.copyOf(k);
        }
        return key;
    }

    static Dataset<Row> table(SparkSession spark, JobConfig.Table t, String role, boolean skipUnreadable,
                              InputDiagnostics diag) {
        DataFrameReader reader = spark.read().format(t.format());
        if (t.format().equals("csv")) {
            reader = reader.option("header", "true").option("inferSchema", "true");
        }
        reader = reader.options(t.options());
        InputDiagnostics.Table d = diag.table(role, t.path());
        try {
            if (t.format().equals("parquet")) {
                return ParquetTable.load(spark, reader, t.path(), role, skipUnreadable, d);
            }
            Dataset<Row> df = reader.load(t.path());
            if (df.columns().length == 0) {
                throw JobException.input(role + " path " + t.path() + " holds no data: no column could be read from its "
                        + t.format() + " files (are they empty?)");
            }
            return df;
        } catch (Exception e) {
            if (!(e instanceof AnalysisException)) {
                throw e;
            }
            String msg = e.getMessage();
            if (msg != null && msg.contains("PATH_NOT_FOUND")) {
                throw JobException.input(role + " path does not exist: " + t.path());
            }
            if (msg != null && msg.contains("UNABLE_TO_INFER_SCHEMA")) {
                throw JobException.input(role + " path " + t.path() + " holds no readable " + t.format() + " files");
            }
            throw JobException.input("cannot read " + role + " " + t.path() + " as " + t.format() + ": " + firstLine(msg));
        }
    }

    private static void requireColumn(Dataset<Row> df, String column, String role, String path) {
        if (!Arrays.asList(df.columns()).contains(column)) {
            throw JobException.usage(role + " column '" + column + "' is not in " + path + "; its columns are "
                    + String.join(", ", df.columns()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
