package dev.lossreport.job;

import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.EntityStage;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.engine.PartitionCounts;
import dev.lossreport.job.input.InputDiagnostics;
import dev.lossreport.job.input.InputReader;
import dev.lossreport.job.plan.Coercions;
import dev.lossreport.job.plan.ColumnsRead;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.job.report.ReportWriter;
import dev.lossreport.job.report.RunSummary;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The job, top to bottom: config, read, plan, one pass, stage the report, publish it with its run summary. */
public final class LossReportJob {
    private LossReportJob() {
    }

    /** What a successful run produced. */
    public record Outcome(RunSummary summary, String reportPath, long reportRows, PassPlan plan) {
    }

    public static Outcome run(SparkSession spark, JobConfig config) {
        Instant started = Instant.now();
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        RunSummary summary = new RunSummary(runId, started).put("config", config);

        ReportWriter writer = new ReportWriter(spark, config.output());
        String recovered = writer.checkTarget();
        if (recovered != null) {
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
        summary.put("plan", describe(plan));
        summary.put("coercions", Coercions.describe(input, plan));

        Path staging = null;
        try {
            FusedPass.Result result = FusedPass.run(spark, plan);
            staging = writer.stage(result.report(), runId);
            long reportRows = result.reportRows().totals()[0];
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
            if (entities != null) {
                summary.put("entities", entities.summary());
            }
            summary.put("report", Map.of("path", config.output().path(), "format", config.output().format(),
                    "rows", reportRows));
            summary.finished(Instant.now(), "succeeded", null);
            writer.commit(staging, summary, runId);
            return new Outcome(summary, config.output().path(), reportRows, plan);
        } catch (RuntimeException e) {
            writer.discard(staging);
            throw e;
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
