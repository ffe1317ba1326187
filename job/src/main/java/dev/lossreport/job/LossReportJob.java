package dev.lossreport.job;

import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.EntityStage;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.engine.PartitionCounts;
import dev.lossreport.job.input.InputDiagnostics;
import dev.lossreport.job.gate.Gate;
import dev.lossreport.job.gate.GateTargets;
import dev.lossreport.job.gate.Validation;
import dev.lossreport.job.input.InputReader;
import dev.lossreport.job.plan.Coercions;
import dev.lossreport.job.plan.ColumnsRead;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.job.report.ReportTable;
import dev.lossreport.job.report.ReportWriter;
import dev.lossreport.job.report.RunSummary;
import dev.lossreport.job.schedule.Connectors;
import dev.lossreport.job.schedule.HistoryTable;
import dev.lossreport.job.schedule.RunDates;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The job, top to bottom: config (with the run date and the gate's checks), read, plan, one pass,
 * stage the report, evaluate the gate on it, publish it with its run summary, append it to the history.
 */
public final class LossReportJob {
    private LossReportJob() {
    }

    /** What a successful run produced; {@code validation} failed means exit code 3 (the report is written). */
    public record Outcome(RunSummary summary, String reportPath, long reportRows, PassPlan plan, Validation validation) {
    }

    public static Outcome run(SparkSession spark, JobConfig configured) {
        // Schedule and gate: paths with the run date, the gate's checks, the losses of baseline predictions.
        JobConfig dated = RunDates.substitute(configured);
        List<GateTargets.Target> checks = GateTargets.resolve(dated);
        JobConfig config = GateTargets.withBaselineLosses(dated, checks);
        LocalDate runDate = config.run().date();
        JobConfig.Output target = RunDates.target(config.output(), configured.output().path(), runDate);

        Instant started = Instant.now();
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        RunSummary summary = new RunSummary(runId, started).put("config", config);

        Connectors.check(spark, config);
        ReportWriter writer = new ReportWriter(spark, target);
        if (!target.path().equals(config.output().path())) {
            RunDates.checkPartitionBase(spark, config.output().path());
        }
        List<String> recovered = writer.checkTarget();
        if (!recovered.isEmpty()) {
            summary.put("output_recovery", recovered);
        }
        writer.checkApart(config.input().path(), "input");
        if (config.joined()) {
            writer.checkApart(config.labels().path(), "labels");
        }
        InputDiagnostics diagnostics = new InputDiagnostics();
        InputReader.Tables tables = InputReader.tables(spark, config, diagnostics);
        Dataset<Row> input = InputReader.join(tables, config, diagnostics, false);
        PassPlan plan = PassPlan.build(config, input);
        diagnostics.checkConflicts(ColumnsRead.of(input, config, plan));
        if (config.joined()) {
            // Config, columns and types are checked; now the one Spark job before the pass: duplicated keys.
            input = InputReader.join(tables, config, diagnostics, true);
            plan = PassPlan.build(config, input);
        }
        GateTargets.checkSlices(checks, plan);
        summary.put("plan", describe(plan));
        summary.put("coercions", Coercions.describe(input, plan));
        if (runDate != null) {
            summary.put("run_date", runDate.toString());
        }

        Path staging = null;
        try {
            FusedPass.Result result = FusedPass.run(spark, plan);
            staging = writer.stage(runId, List.of(result::slices, result::overall));
            long reportRows = result.reportRows();
            EntityStage entities = plan.entities();
            if (entities != null) {
                entities.verify(); // an entity too large, a slice or weight not constant within an entity
            }
            // Per entity, the pass scans entities; the input rows were counted by the entity stage.
            long[] counts = entities == null ? result.inputCounts().totals() : entities.inputCounts();
            // Counts are known once the report is staged; a failed check discards the staging.
            summary.put("invalid_rows", PassChecks.check(config, plan, result, counts));
            Map<String, Object> inputs = inputs(config, counts);
            inputs.put("skipped_files", diagnostics.skippedFiles());
            inputs.put("tables", diagnostics.summary());
            summary.put("inputs", inputs);
            summary.put("engine", Map.of("input", result.columnarInput() ? "column batches" : "rows",
                    "slice_rows_passed_through", result.inputCounts().totals()[PartitionCounts.PASSED_THROUGH]));
            if (entities != null) {
                summary.put("entities", entities.summary());
            }
            summary.put("report", Map.of("path", target.path(), "format", target.format(), "rows", reportRows));
            Validation validation = Validation.NONE;
            if (!checks.isEmpty()) {
                Gate.PreviousRun previous = config.run().historyPath() == null ? null
                        : HistoryTable.previousRun(spark, config.run().historyPath(), runDate);
                validation = Gate.evaluate(checks, plan, ReportTable.read(spark, staging.toString(), target.format(), plan), previous);
                validation.write(spark, staging, target.format());
                summary.put("validation", validation.summary());
            }
            summary.finished(Instant.now(), "succeeded", null);
            writer.commit(staging, summary, runId);
            if (config.run().historyPath() != null) {
                appendHistory(spark, config, target, plan, runId, runDate);
            }
            return new Outcome(summary, target.path(), reportRows, plan, validation);
        } catch (RuntimeException e) {
            writer.discard(staging);
            throw e;
        }
    }

    private static void appendHistory(SparkSession spark, JobConfig config, JobConfig.Output target, PassPlan plan,
                                      String runId, LocalDate runDate) {
        String history = config.run().historyPath();
        try {
            HistoryTable.append(history, ReportTable.read(spark, target.path(), target.format(), plan), plan, runId, runDate);
        } catch (RuntimeException e) {
            throw new JobException(1, "the report is published at " + target.path() + ", but appending run " + runId
                    + " to the history table " + history + " failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> inputs(JobConfig config, long[] counts) {
        Map<String, Object> m = RunSummary.section();
        m.put("input", Map.of("path", config.input().path(), "format", config.input().format()));
        if (config.joined()) {
            m.put("labels", Map.of("path", config.labels().path(), "format", config.labels().format()));
            Map<String, Object> join = RunSummary.section();
            join.put("key", config.joinKey());
            join.put("matched_rows", counts[PartitionCounts.MATCHED]);
            join.put("prediction_rows_without_labels", counts[PartitionCounts.PREDICTION_ONLY]);
            join.put("label_rows_without_predictions", counts[PartitionCounts.LABELS_ONLY]);
            m.put("join", join);
            m.put("rows_scanned", counts[PartitionCounts.ROWS]);
        } else {
            m.put("rows_scanned", counts[PartitionCounts.ROWS]);
        }
        return m;
    }

    private static Map<String, Object> describe(PassPlan plan) {
        Map<String, Object> m = RunSummary.section();
        m.put("slicings", plan.slicings().stream().map(PassPlan.Slicing::name).toList());
        List<Map<String, Object>> losses = new ArrayList<>();
        var set = plan.losses();
        for (int i = 0; i < set.size(); i++) {
            losses.add(Map.of("loss", set.loss(i).spec(), "direction", set.loss(i).direction().text(),
                    "input", set.inputOf(i)));
        }
        m.put("losses", losses);
        List<Map<String, Object>> bindings = new ArrayList<>();
        for (PassPlan.Binding b : plan.bindings()) {
            Map<String, Object> bm = RunSummary.section();
            bm.put("prediction", b.prediction());
            bm.put("label", b.label());
            bm.put("weight", b.weight());
            if (b.mask() != null) {
                bm.put("mask", b.mask());
            }
            if (b.ignoreValue() != null) {
                bm.put("ignore_value", b.ignoreValue());
            }
            if (b.classes() != null) {
                bm.put("classes", b.classes());
            }
            bm.put("shapes", b.pair().toString());
            bindings.add(bm);
        }
        m.put("inputs", bindings);
        return m;
    }
}
