package dev.lossreport.job.cli;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.ConfigLoader;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.report.SliceKey;
import dev.lossreport.job.schedule.HistoryTable;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.Losses;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lossreport history}: a loss over time, from the history table the runs append to. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows a loss on one slice over the runs recorded in the history table, oldest first:",
                "the latest run of each run date, or every run with --all-runs."},
        footer = {"", "Examples:",
                "  lossreport history --config conf/examples/nfl-nightly.yaml --loss bce --slice season=2019",
                "  lossreport history --history reports/history/nfl --loss brier",
                "The same in Spark SQL:",
                "  SELECT run_date, run_id, value FROM parquet.`reports/history/nfl`",
                "  WHERE loss = 'bce(eps=1e-15)' AND slice_key = 'season=2019' ORDER BY run_date, run_id"})
public final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "A job config whose 'history' names the table.")
    Path config;

    @Option(names = "--history", paramLabel = "PATH", description = "The history table (instead of --config).")
    String history;

    @Option(names = "--loss", paramLabel = "SPEC", required = true, description = "The loss, e.g. bce or huber(delta=2).")
    String loss;

    @Option(names = "--slice", paramLabel = "KEY", defaultValue = "overall",
            description = "The slice: overall (default), season=2019, season=2019,playoff=1.")
    String slice;

    @Option(names = "--prediction", paramLabel = "EXPR", description = "Only this prediction (default: every prediction scored with the loss).")
    String prediction;

    @Option(names = "--all-runs", description = "Every run, not only the latest of each run date.")
    boolean allRuns;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "Rows shown at most (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*], or spark-submit's).")
    String master;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        String path = history;
        JobConfig.Spark sparkConf = new JobConfig.Spark(null, Map.of());
        if (path == null) {
            if (config == null) {
                throw JobException.usage("name the history table: --history PATH, or --config FILE with 'history' set");
            }
            JobConfig job = new ConfigLoader(config).load();
            path = job.run().historyPath();
            sparkConf = job.spark();
            if (path == null) {
                throw JobException.usage("config " + config + " sets no 'history' table");
            }
        }
        String spec;
        try {
            spec = Losses.parse(loss).spec();
        } catch (LossException e) {
            throw JobException.usage("--loss: " + e.getMessage());
        }
        SparkSession spark = Sessions.create(master != null ? master : sparkConf.master(), sparkConf.conf());
        Dataset<Row> h = HistoryTable.read(spark, path);
        if (h == null) {
            throw JobException.input("history table " + path + " does not exist yet; runs with 'history' set append to it");
        }
        if (!allRuns) {
            h = HistoryTable.latestPerDate(h);
        }
        Column where = functions.col("loss").equalTo(spec).and(functions.col(SliceKey.COLUMN).equalTo(slice.replace(" ", "")));
        if (prediction != null) {
            where = where.and(functions.col("prediction").equalTo(prediction));
        }
        Dataset<Row> matching = h.filter(where);
        // The output column only matters for per-output losses (multioutput=raw_values).
        boolean perOutput = !matching.filter(functions.col("output").isNotNull()).isEmpty();
        List<String> shown = new java.util.ArrayList<>(List.of("run_date", "run_id", "slice_key", "loss", "prediction", "label"));
        if (perOutput) {
            shown.add("output");
        }
        shown.addAll(List.of("value", "rows", "weight_sum", "invalid_rows"));
        Dataset<Row> rows = matching.selectExpr(shown.toArray(String[]::new))
                .orderBy(functions.col("run_date").asc_nulls_last(), functions.col("run_id"), functions.col("prediction"));
        long n = rows.count();
        if (n == 0) {
            System.out.println("no runs in " + path + " have " + spec + " on slice " + slice
                    + (prediction == null ? "" : " for prediction " + prediction));
            return 0;
        }
        rows.show(Math.max(limit, 1), false);
        System.out.println(n + " row(s) of " + spec + " on " + slice + " in " + path);
        return 0;
    }
}
