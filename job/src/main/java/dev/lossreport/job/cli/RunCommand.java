package dev.lossreport.job.cli;

import dev.lossreport.job.LossReportJob;
import dev.lossreport.job.config.ConfigLoader;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lossreport run}: computes a grouped loss report from a config file and/or flags. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Computes a grouped loss report in one pass over the data and writes it with _run.json.",
                "Settings come from --config, then each --set, then the flags below (later wins).",
                "Columns (--prediction, --label, --weight, a loss's own columns) are names or Spark SQL expressions."},
        footer = {"", "Examples:",
                "  lossreport run --config conf/examples/nfl.yaml",
                "  lossreport run --input data/nfl/games.parquet --prediction elo_prob1 --label result1 \\",
                "      --group-by season --loss bce --loss 'huber(delta=0.5)' --output reports/nfl",
                "  lossreport run --config conf/examples/nfl-nightly.yaml --run-date 2020-02-02"})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML job config.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config setting by dotted path, e.g. output.format=json (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--input", paramLabel = "PATH", description = "Input table (predictions, and labels unless --labels).")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "parquet (default), csv (header, inferred types) or json.")
    String inputFormat;

    @Option(names = "--labels", paramLabel = "PATH", description = "A separate labels table, joined to the input on --join-key.")
    String labels;

    @Option(names = "--labels-format", paramLabel = "FORMAT", description = "Format of the labels table (default: the input's).")
    String labelsFormat;

    @Option(names = "--join-key", paramLabel = "COL[,COL]", description = "Key columns present in both tables.")
    String joinKey;

    @Option(names = "--prediction", paramLabel = "EXPR", description = "Prediction column or expression.")
    String prediction;

    @Option(names = "--label", paramLabel = "EXPR", description = "Label column or expression.")
    String label;

    @Option(names = "--weight", paramLabel = "EXPR", description = "Row weight column or expression (default 1).")
    String weight;

    @Option(names = "--mask", paramLabel = "EXPR", description = "Mask column or expression: 0/false skips a row, or an array of them skips elements.")
    String mask;

    @Option(names = "--query", paramLabel = "COL[,COL]", description = "Ranking: the query (list) a row belongs to; losses are computed per query.")
    String query;

    @Option(names = "--item", paramLabel = "COL", description = "Ranking: the item id (score ties: item id descending, as trec_eval).")
    String item;

    @Option(names = "--example", paramLabel = "COL[,COL]", description = "Bias and variance: the key of one labelled example (default: --join-key).")
    String example;

    @Option(names = "--replicate", paramLabel = "COL", description = "Bias and variance: the replicate (bootstrap round, model) of a prediction.")
    String replicate;

    @Option(names = "--group-by", paramLabel = "COL[,COL]", description = "One slicing per occurrence; the overall slice is always included.")
    List<String> groupBy = new ArrayList<>();

    @Option(names = "--loss", paramLabel = "SPEC", description = "A loss, e.g. mse or huber(delta=2.0) (repeatable; see 'lossreport losses').")
    List<String> losses = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Report directory.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Report format: parquet (default), json or csv.")
    String format;

    @Option(names = "--overwrite", description = "Replace an existing report at the output path.")
    boolean overwrite;

    @Option(names = "--run-date", paramLabel = "DATE", description = "The run date (YYYY-MM-DD): replaces $${run_date} in paths; the report goes to the partition run_date=DATE of the output.")
    String runDate;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*], or spark-submit's).")
    String master;

    @Option(names = "--show", paramLabel = "N", description = "Slices per slicing printed to the console (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int show;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (verbose) {
            Logging.verbose();
        }
        JobConfig job = loader().load();
        SparkSession spark = Sessions.create(job.spark().master(), job.spark().conf());
        LossReportJob.Outcome outcome = LossReportJob.run(spark, job);
        var report = spark.read().format(job.output().format()).options(dev.lossreport.job.report.ReportFormats.readOptions(job.output().format()))
                .schema(dev.lossreport.job.engine.FusedPass.reportSchema(outcome.plan()))
                .load(outcome.reportPath());
        dev.lossreport.job.report.ConsoleReport.print(report, outcome.plan(), show, System.out);
        System.out.println();
        System.out.println("report: " + outcome.reportPath() + " (" + job.output().format() + ", "
                + outcome.reportRows() + " rows), run " + outcome.summary().runId());
        outcome.validation().print(System.out);
        return outcome.validation().passed() ? 0 : dev.lossreport.job.JobException.VALIDATION;
    }

    ConfigLoader loader() {
        ConfigLoader l = new ConfigLoader(config);
        sets.forEach(l::set);
        if (input != null) {
            l.put("input.path", input);
        }
        if (inputFormat != null) {
            l.put("input.format", inputFormat);
        }
        if (labels != null) {
            l.put("labels.path", labels);
        }
        if (labelsFormat != null) {
            l.put("labels.format", labelsFormat);
        }
        if (joinKey != null) {
            l.putList("labels.join_key", List.of(joinKey.split(",")));
        }
        if (prediction != null) {
            l.put("prediction", prediction);
        }
        if (label != null) {
            l.put("label", label);
        }
        if (weight != null) {
            l.put("weight", weight);
        }
        if (mask != null) {
            l.put("mask", mask);
        }
        if (query != null) {
            l.putList("query", List.of(query.split(",")));
        }
        if (item != null) {
            l.put("item", item);
        }
        if (example != null) {
            l.putList("example", List.of(example.split(",")));
        }
        if (replicate != null) {
            l.put("replicate", replicate);
        }
        if (!groupBy.isEmpty()) {
            l.putList("group_by", groupBy);
        }
        if (!losses.isEmpty()) {
            l.putList("losses", losses);
        }
        if (output != null) {
            l.put("output.path", output);
        }
        if (format != null) {
            l.put("output.format", format);
        }
        if (overwrite) {
            l.put("output.overwrite", com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
        }
        if (master != null) {
            l.put("spark.master", master);
        }
        if (runDate != null) {
            l.put("run_date", runDate);
        }
        return l;
    }
}
