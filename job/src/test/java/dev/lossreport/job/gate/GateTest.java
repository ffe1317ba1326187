package dev.lossreport.job.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobException;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.LossReportJob;
import dev.lossreport.job.config.ConfigLoader;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate on a table small enough to work out by hand. Two models, p (candidate) and q (baseline),
 * on the same rows:
 * <pre>
 *  g  y  p    q    | mse p  mse q  mean_error p  mean_error q
 *  a  1  0.5  0.4  |
 *  a  0  0.5  0.4  | 0.25   0.26   0             -0.1
 *  b  1  0.9  0.8  |
 *  b  0  0.1  0.2  | 0.01   0.04   0              0
 *  d  -  0.5  0.5  | null (label null: invalid for both)
 *  overall         | 0.13   0.15   0             -0.05
 * </pre>
 * r2 overall (label mean 0.5, total sum of squares 1): p 1 - 0.52 = 0.48, q 1 - 0.60 = 0.40.
 */
class GateTest {
    @TempDir
    static Path tmp;
    private static Path input;

    @BeforeAll
    static void writeInput() {
        StructType schema = new StructType().add("g", DataTypes.StringType).add("y", DataTypes.DoubleType)
                .add("p", DataTypes.DoubleType).add("q", DataTypes.DoubleType);
        List<Row> rows = List.of(
                RowFactory.create("a", 1.0, 0.5, 0.4), RowFactory.create("a", 0.0, 0.5, 0.4),
                RowFactory.create("b", 1.0, 0.9, 0.8), RowFactory.create("b", 0.0, 0.1, 0.2),
                RowFactory.create("d", null, 0.5, 0.5));
        input = tmp.resolve("input");
        JobTestSupport.spark().createDataFrame(rows, schema).coalesce(1).write().parquet(input.toString());
    }

    private static LossReportJob.Outcome run(String name, String gate) throws IOException {
        return run(name, "", gate);
    }

    /** The losses of p, and {@code more}; q's losses are added by the gate when a check uses q as the baseline. */
    private static LossReportJob.Outcome run(String name, String more, String gate) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "input: " + input + "\nprediction: p\nlabel: y\ngroup_by: [g]\n"
                + "losses: [mse, r2, mean_error" + more + "]\noutput: {path: " + tmp.resolve(name) + "}\ngate:\n" + gate);
        return LossReportJob.run(JobTestSupport.spark(), new ConfigLoader(f).load());
    }

    private static Map<String, CheckResult> bySlice(LossReportJob.Outcome o, String check) {
        Map<String, CheckResult> m = new HashMap<>();
        o.validation().results().stream().filter(r -> r.check().startsWith(check + ":")).forEach(r -> m.put(r.slice(), r));
        return m;
    }

    @Test
    void valueBoundsOnTheOverallSliceOnEverySliceAndOnNamedSlices() throws IOException {
        LossReportJob.Outcome o = run("bounds", """
                  - {loss: mse, max: 0.2}
                  - {loss: mse, slices: all, max: 0.2}
                  - {loss: mse, slices: [g=b, g=c, g=d], min: 0.005, max: 0.02}
                """);
        CheckResult overall = bySlice(o, "gate[0]").get("overall");
        assertEquals(0.13, overall.value(), 1e-15);
        assertTrue(overall.passed());
        assertEquals(1, bySlice(o, "gate[0]").size());

        Map<String, CheckResult> all = bySlice(o, "gate[1]");
        assertEquals(Map.of("overall", true, "g=a", false, "g=b", true, "g=d", false),
                Map.of("overall", all.get("overall").passed(), "g=a", all.get("g=a").passed(),
                        "g=b", all.get("g=b").passed(), "g=d", all.get("g=d").passed()));
        assertEquals(4, all.size());
        assertTrue(all.get("g=a").reason().contains("> max 0.2"), all.get("g=a").reason());
        // An all-invalid slice has no value: that fails.
        assertNull(all.get("g=d").value());
        assertTrue(all.get("g=d").reason().contains("null"), all.get("g=d").reason());

        Map<String, CheckResult> named = bySlice(o, "gate[2]");
        assertTrue(named.get("g=b").passed());
        assertFalse(named.get("g=c").passed(), "a slice missing from the report fails");
        assertTrue(named.get("g=c").reason().contains("no row"), named.get("g=c").reason());
        assertFalse(named.get("g=d").passed());
        assertFalse(o.validation().passed());
        assertEquals(4, o.validation().failed());
    }

    @Test
    void changeAgainstABaselinePredictionTakesItsDirectionFromTheLoss() throws IOException {
        LossReportJob.Outcome o = run("paired", ", {name: mse, prediction: q}, {name: r2, prediction: q}, "
                + "{name: mean_error, prediction: q}", """
                  - {loss: mse, baseline: {prediction: q}, max_worsening: 0}
                  - {loss: mse, prediction: q, baseline: {prediction: p}, max_relative_worsening: 0.1}
                  - {loss: r2, prediction: q, baseline: {prediction: p}, max_worsening: 0.05}
                  - {loss: mean_error, prediction: q, slices: [g=a, g=b], baseline: {prediction: p}, max_relative_worsening: 1.0}
                """);
        // mse, lower is better: p is better than q by 0.02.
        CheckResult better = bySlice(o, "gate[0]").get("overall");
        assertTrue(better.passed(), better.reason());
        assertEquals(0.15, better.baselineValue(), 1e-15);
        assertEquals(-0.02, better.worsening(), 1e-15);
        // q against p: worse by 0.02, that is 0.02 / 0.13 relative.
        CheckResult worse = bySlice(o, "gate[1]").get("overall");
        assertFalse(worse.passed());
        assertEquals(0.02, worse.worsening(), 1e-15);
        assertEquals(0.02 / 0.13, worse.relativeWorsening(), 1e-14);
        // r2, higher is better: q (0.40) is worse than p (0.48) by 0.08 > 0.05.
        CheckResult r2 = bySlice(o, "gate[2]").get("overall");
        assertEquals(0.40, r2.value(), 1e-14);
        assertEquals(0.08, r2.worsening(), 1e-14);
        assertFalse(r2.passed());
        // mean_error, closest to 0 is best: on a, q is 0.1 from 0 where p is exactly 0 (infinitely worse,
        // relatively); on b both are 0 (no change).
        Map<String, CheckResult> me = bySlice(o, "gate[3]");
        assertEquals(0.1, me.get("g=a").worsening(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, me.get("g=a").relativeWorsening());
        assertFalse(me.get("g=a").passed());
        assertEquals(0.0, me.get("g=b").worsening(), 1e-15);
        assertTrue(me.get("g=b").passed(), me.get("g=b").reason());
    }

    @Test
    void theReportAndRunSummaryRecordEveryCheckAndTheBaselineIsScored() throws IOException {
        LossReportJob.Outcome o = run("recorded", """
                  - {loss: mse, baseline: {prediction: q}, max_worsening: 0}
                  - {loss: mse, slices: g, max: 0.2}
                """);
        Path report = Path.of(o.reportPath());
        List<Row> checks = JobTestSupport.spark().read().parquet(report.resolve(Validation.TABLE).toString()).collectAsList();
        // overall against q; then g=a (0.25 > 0.2), g=b, and g=d (no value) of slicing g
        assertEquals(4, checks.size());
        assertEquals(List.of("failed", "failed", "passed", "passed"),
                checks.stream().map(r -> r.getString(r.fieldIndex("outcome"))).sorted().toList());
        // The report itself holds the baseline's rows (scored in the same pass) and not the checks.
        List<Row> rows = JobTestSupport.spark().read().parquet(report.toString()).collectAsList();
        assertTrue(rows.stream().anyMatch(r -> r.getString(r.fieldIndex("prediction")).equals("q")));
        assertFalse(List.of(rows.get(0).schema().fieldNames()).contains("outcome"));
        JsonNode run = new ObjectMapper().readTree(report.resolve("_run.json").toFile());
        assertFalse(run.at("/validation/passed").asBoolean());
        assertEquals(4, run.at("/validation/checked").asInt());
        assertEquals(2, run.at("/validation/failed").asInt());
        assertEquals("g=a", run.at("/validation/failures/0/slice").asText());
        assertEquals("g=d", run.at("/validation/failures/1/slice").asText());
    }

    @Test
    void aBaselineThatDidNotCountTheSameRowsFailsAsUnpaired() throws IOException {
        StructType schema = new StructType().add("y", DataTypes.DoubleType).add("p", DataTypes.DoubleType)
                .add("q", DataTypes.DoubleType);
        Path unpaired = tmp.resolve("unpaired-input");
        JobTestSupport.spark().createDataFrame(List.of(RowFactory.create(1.0, 0.5, 0.5), RowFactory.create(0.0, 0.5, null)), schema)
                .write().parquet(unpaired.toString());
        Path f = tmp.resolve("unpaired.yaml");
        Files.writeString(f, "input: " + unpaired + "\nprediction: p\nlabel: y\nlosses: [mse]\noutput: {path: " + tmp.resolve("unpaired") + "}"
                + "\ngate: [{loss: mse, baseline: {prediction: q}, max_worsening: 1}]\n");
        CheckResult r = LossReportJob.run(JobTestSupport.spark(), new ConfigLoader(f).load()).validation().results().get(0);
        assertFalse(r.passed());
        assertTrue(r.reason().contains("not paired"), r.reason());
    }

    @Test
    void aNaNValueFailsItsCheckAndSoDoesANaNBaseline() {
        // The engine reports null, not NaN, for a slice without a value; a report read from elsewhere may hold NaN.
        JobConfig config = JobTestSupport.config("prediction: p\nlabel: y\nlosses: [mse, {name: mse, prediction: q}]\n"
                + "gate: [{loss: mse, max: 1}, {loss: mse, prediction: q, baseline: {prediction: p}, max_worsening: 1}]\n");
        List<GateTargets.Target> targets = GateTargets.resolve(config);
        PassPlan plan = PassPlan.build(config, JobTestSupport.spark().read().parquet(input.toString()));
        List<Row> rows = List.of(
                RowFactory.create("overall", "mse", "p", "y", null, Double.NaN, 4L, 4.0, 1L, 0L),
                RowFactory.create("overall", "mse", "q", "y", null, 0.1, 4L, 4.0, 1L, 0L));
        Validation v = Gate.evaluate(targets, plan, JobTestSupport.spark().createDataFrame(rows, FusedPass.reportSchema(plan)), null);
        assertEquals(2, v.results().size());
        assertFalse(v.results().get(0).passed());
        assertTrue(v.results().get(0).reason().contains("NaN"), v.results().get(0).reason());
        assertFalse(v.results().get(1).passed());
        assertTrue(v.results().get(1).reason().contains("has no value (NaN)"), v.results().get(1).reason());
    }

    @Test
    void checksThatCannotBeEvaluatedAreUsageErrorsBeforeThePass() {
        assertUsage("  - {loss: huber, max: 1}\n", "not computed by this run");
        assertUsage("  - {loss: mse, prediction: z, max: 1}\n", "not computed for prediction 'z'");
        assertUsage("  - {loss: mse, slices: h, max: 1}\n", "'h' is not a slicing");
        assertUsage("  - {loss: mse, slices: [h=1], max: 1}\n", "not a slicing");
        assertUsage("  - {loss: mse, baseline: previous_run, max_worsening: 0}\n", "needs a history table");
        assertUsage("  - {loss: mse, baseline: {prediction: p}, max_worsening: 0}\n", "candidate itself");
    }

    private static void assertUsage(String gate, String message) {
        JobException e = assertThrows(JobException.class, () -> run("usage-" + Math.abs(gate.hashCode()), gate));
        assertEquals(JobException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("usage-" + Math.abs(gate.hashCode()))), "nothing written");
    }
}
