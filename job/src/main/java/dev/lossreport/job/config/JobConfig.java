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
                        RunSettings run) {

    /** A table to read: a Hadoop file system path (file, hdfs, s3a, ...) and its format. */
    public record Table(String path, String format, Map<String, String> options) {
    }

    /** The default column roles; each may be a column name or a Spark SQL expression. */
    public record Columns(String prediction, String label, String weight) {
    }

    /**
     * One requested loss: a name and raw parameters (parsed from {@code huber(delta=2)} or given as a
     * map), with optional per-loss column overrides.
     */
    public record LossEntry(String name, Map<String, Object> params, String prediction, String label, String weight) {
    }

    public record Output(String path, String format, boolean overwrite) {
    }

    public record Spark(String master, Map<String, String> conf) {
    }

    public static final List<String> TABLE_FORMATS = List.of("parquet", "csv", "json");
    public static final List<String> REPORT_FORMATS = List.of("parquet", "json", "csv");

    /** The same job with other losses (the gate adds the losses of a baseline prediction). */
    public JobConfig withLosses(List<LossEntry> newLosses) {
        return new JobConfig(input, labels, joinKey, columns, groupBy, List.copyOf(newLosses), output, spark, run);
    }

    /** The same job with every path (input, labels, output, history) passed through {@code f}. */
    public JobConfig mapPaths(java.util.function.UnaryOperator<String> f) {
        Table in = new Table(f.apply(input.path()), input.format(), input.options());
        Table lb = labels == null ? null : new Table(f.apply(labels.path()), labels.format(), labels.options());
        Output out = new Output(output.path() == null ? null : f.apply(output.path()), output.format(), output.overwrite());
        RunSettings r = new RunSettings(run.runDate(), run.historyPath() == null ? null : f.apply(run.historyPath()), run.gate());
        return new JobConfig(in, lb, joinKey, columns, groupBy, losses, out, spark, r);
    }

    public boolean joined() {
        return labels != null;
    }
}
