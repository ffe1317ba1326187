package dev.lossreport.job.config;

import java.util.List;
import java.util.Map;

/**
 * The resolved job: what to read, which columns, which slicings and losses, where to write.
 * Built by {@link ConfigLoader} from a YAML file, {@code --set} overrides and flags, in that order of
 * increasing precedence; {@code _run.json} records it as resolved.
 */
public record JobConfig(Table input, Table labels, List<String> joinKey, Columns columns,
                        List<List<String>> groupBy, List<LossEntry> losses, Output output, Spark spark,
                        Entity entity, Policies policies, RunSettings run) {

    /** A config with the default {@link Policies} for bad input and no run date, history or gate. */
    public JobConfig(Table input, Table labels, List<String> joinKey, Columns columns,
                     List<List<String>> groupBy, List<LossEntry> losses, Output output, Spark spark, Entity entity) {
        this(input, labels, joinKey, columns, groupBy, losses, output, spark, entity, Policies.DEFAULT, RunSettings.NONE);
    }

    /** A table to read: a Hadoop file system path (file, hdfs, s3a, ...) and its format. */
    public record Table(String path, String format, Map<String, String> options) {
    }

    /**
     * The default column roles; each may be a column name or a Spark SQL expression. How a label is
     * read: {@code mask} (a number or boolean per row, or an array of them per element: 0 / false
     * skips), {@code ignoreValue} (a label value, or label element, to skip; NaN skips nulls), and
     * {@code classes} (a class label is read as its index in this list).
     */
    public record Columns(String prediction, String label, String weight, String mask, Double ignoreValue,
                          List<String> classes) {
        public Columns(String prediction, String label, String weight) {
            this(prediction, label, weight, null, null, null);
        }
    }

    /**
     * One requested loss: a name and raw parameters (parsed from {@code huber(delta=2)} or given as a
     * map), with optional per-loss column overrides (null: the job-level setting).
     */
    public record LossEntry(String name, Map<String, Object> params, String prediction, String label, String weight,
                            String mask, Double ignoreValue, List<String> classes) {
        public LossEntry(String name, Map<String, Object> params, String prediction, String label, String weight) {
            this(name, params, prediction, label, weight, null, null, null);
        }
    }

    public record Output(String path, String format, boolean overwrite) {
    }

    public record Spark(String master, Map<String, String> conf) {
    }

    /**
     * Rows grouped per entity before the pass: {@code kind} "query" (ranking: key = the query columns,
     * order = the item column) or "example" (bias and variance: key = the example columns, order = the
     * replicate column), and the most rows one entity may have. Null when losses are per row.
     */
    public record Entity(String kind, List<String> key, String order, long maxRows) {
        public static final String QUERY = "query";
        public static final String EXAMPLE = "example";
        /** Up to about 100 bytes per row and score column are held while one entity is computed. */
        public static final long DEFAULT_MAX_ROWS = 1_000_000;
    }

    public static final List<String> TABLE_FORMATS = List.of("parquet", "csv", "json");
    public static final List<String> REPORT_FORMATS = List.of("parquet", "json", "csv");

    /** The same job with other losses (the gate adds the losses of a baseline prediction). */
    public JobConfig withLosses(List<LossEntry> newLosses) {
        return new JobConfig(input, labels, joinKey, columns, groupBy, List.copyOf(newLosses), output, spark, entity, policies, run);
    }

    /** The same job with every path (input, labels, output, history) passed through {@code f}. */
    public JobConfig mapPaths(java.util.function.UnaryOperator<String> f) {
        Table in = new Table(f.apply(input.path()), input.format(), input.options());
        Table lb = labels == null ? null : new Table(f.apply(labels.path()), labels.format(), labels.options());
        Output out = new Output(output.path() == null ? null : f.apply(output.path()), output.format(), output.overwrite());
        RunSettings r = new RunSettings(run.runDate(), run.historyPath() == null ? null : f.apply(run.historyPath()), run.gate());
        return new JobConfig(in, lb, joinKey, columns, groupBy, losses, out, spark, entity, policies, r);
    }

    public boolean joined() {
        return labels != null;
    }
}
