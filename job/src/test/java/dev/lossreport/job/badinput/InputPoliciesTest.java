package dev.lossreport.job.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.engine.InvalidRows;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explicit options for bad input, when they let a run succeed: what they keep, what they drop,
 * and what {@code _run.json} says about it. Expected values are derived by hand in the comments.
 */
class InputPoliciesTest {
    @TempDir
    Path tmp;

    private static SparkSession spark() {
        return JobTestSupport.spark();
    }

    private String table(String name, String sql) {
        String p = tmp.resolve(name).toString();
        spark().sql(sql).coalesce(1).write().parquet(p);
        return p;
    }

    private JsonNode run(String... args) throws IOException {
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        Path out = tmp.resolve("report");
        all.addAll(List.of("--output", out.toString(), "--overwrite", "--show", "1"));
        int code = Main.execute(new PrintWriter(err, true), all.toArray(String[]::new));
        assertEquals(0, code, err.toString());
        return new ObjectMapper().readTree(out.resolve("_run.json").toFile());
    }

    private Map<String, Row> report() {
        return JobTestSupport.bySlice(spark().read().parquet(tmp.resolve("report").toString()).collectAsList());
    }

    private static double value(Map<String, Row> report, String key) {
        Row r = report.get(key);
        assertTrue(r != null, key + " not in " + report.keySet());
        return r.getDouble(r.fieldIndex("value"));
    }

    @Test
    void unreadableFilesAreSkippedOnlyWhenAskedAndListed() throws IOException {
        String t = table("t", "SELECT * FROM VALUES (0.5D, 1D), (0.25D, 0D) AS v(p, y)");
        Path bad = Path.of(t, "part-zz-truncated.parquet");
        byte[] whole = Files.readAllBytes(BadInputSuiteTest.firstFile(Path.of(t)));
        Files.write(bad, java.util.Arrays.copyOf(whole, 40));
        JsonNode run = run("run", "--input", t, "--prediction", "p", "--label", "y", "--loss", "mse",
                "--set", "input.skip_unreadable_files=true");
        JsonNode skipped = run.at("/inputs/skipped_files");
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).get("path").asText().endsWith("part-zz-truncated.parquet"));
        assertTrue(skipped.get(0).get("reason").asText().contains("footer"), skipped.toString());
        // (0.5 - 1)^2 = 0.25 and (0.25 - 0)^2 = 0.0625: mean 0.15625, from the readable file only
        assertEquals(0.15625, value(report(), "overall|mse"), 1e-15);
        assertEquals(2, run.at("/inputs/rows_scanned").asLong());
    }

    @Test
    void exactWideningsAcrossFilesAreUnifiedAndRecorded() throws IOException {
        Path t = tmp.resolve("drift");
        Files.createDirectories(t);
        String[] parts = {
                "SELECT CAST(1 AS INT) AS g, CAST(0.5 AS FLOAT) AS p, CAST(1 AS INT) AS y",
                "SELECT CAST(1 AS BIGINT) AS g, CAST(0.25 AS DOUBLE) AS p, CAST(0 AS INT) AS y",
                "SELECT CAST(2 AS BIGINT) AS g, CAST(0.75 AS DOUBLE) AS p, CAST(1 AS DOUBLE) AS y"};
        for (int i = 0; i < parts.length; i++) {
            String one = table("one" + i, parts[i]);
            Files.copy(BadInputSuiteTest.firstFile(Path.of(one)), t.resolve("part-" + i + ".parquet"));
        }
        JsonNode run = run("run", "--input", t.toString(), "--prediction", "p", "--label", "y", "--group-by", "g", "--loss", "mse");
        Map<String, String> unified = new java.util.HashMap<>();
        for (JsonNode d : run.at("/inputs/tables/input/schema_drift")) {
            unified.put(d.get("column").asText(), d.get("unified_to").asText());
        }
        assertEquals(Map.of("g", "bigint", "p", "double", "y", "double"), unified);
        Map<String, Row> report = report();
        // g = 1: (0.5 - 1)^2 = 0.25, (0.25 - 0)^2 = 0.0625 -> 0.15625; g = 2: (0.75 - 1)^2 = 0.0625
        assertEquals(0.15625, value(report, "g|1|mse"), 1e-15);
        assertEquals(0.0625, value(report, "g|2|mse"), 1e-15);
        assertEquals(org.apache.spark.sql.types.DataTypes.LongType, report.get("g|1|mse").schema().apply("g").dataType());
    }

    @Test
    void duplicatedKeysKeepTheFirstRowByTheStatedOrder() throws IOException {
        String preds = table("preds", "SELECT * FROM VALUES (1L, 0.5D), (2L, 0.5D), (3L, 0.5D) AS t(k, p)");
        String labels = table("labels", "SELECT * FROM VALUES (1L, 1D, 1), (2L, 0D, 1), (2L, 1D, 2), (2L, 1D, 3), (3L, 1D, 5),"
                + " (3L, 0D, 9), (CAST(NULL AS BIGINT), 1D, 1), (CAST(NULL AS BIGINT), 1D, 2) AS t(k, y, version)");
        JsonNode run = run("run", "--input", preds, "--labels", labels, "--join-key", "k", "--prediction", "p", "--label", "y",
                "--loss", "mean_error", "--set", "labels.duplicate_keys=keep_first", "--set", "labels.keep_first_by=[version DESC]");
        JsonNode dups = run.at("/inputs/tables/labels/duplicate_keys");
        assertEquals(2, dups.get("keys").asLong());
        assertEquals(3, dups.get("rows_dropped").asLong());
        // kept: k=1 y=1, k=2 y=1 (version 3), k=3 y=0 (version 9): errors -0.5, -0.5, 0.5 -> mean -1/6
        assertEquals(-0.5 / 3, value(report(), "overall|mean_error"), 1e-15);
        assertEquals(3, run.at("/inputs/join/matched_rows").asLong());
        // Both null-key label rows stay (they match nothing and are counted as such).
        assertEquals(2, run.at("/inputs/join/label_rows_without_predictions").asLong());
    }

    @Test
    void invalidRowsAreCountedByReasonAndNegativeWeightsSkippedWhenAllowed() throws IOException {
        String t = table("rows", """
                SELECT * FROM VALUES
                  ('a', 0.5D, 1D, 1D), ('a', CAST(NULL AS DOUBLE), 1D, 1D), ('a', double('NaN'), 0D, 1D),
                  ('b', 1.5D, 1D, 1D), ('b', 0.5D, double('-Infinity'), 1D), ('b', 0.25D, 0D, -1D),
                  ('b', 0.75D, 1D, CAST(NULL AS DOUBLE))
                AS t(g, p, y, w)""");
        JsonNode run = run("run", "--input", t, "--prediction", "p", "--label", "y", "--weight", "w", "--group-by", "g",
                "--loss", "mse", "--loss", "bce", "--set", "negative_weights=skip");
        Map<String, JsonNode> byLoss = new java.util.HashMap<>();
        run.get("invalid_rows").forEach(n -> byLoss.put(n.get("loss").asText(), n));
        // mse refuses null p, NaN p, infinite y, negative w, null w; p = 1.5 is fine for mse.
        assertEquals(Map.of("null", 2L, "nan", 1L, "infinite", 1L, "negative_weight", 1L), reasons(byLoss.get("mse")));
        // bce also refuses p = 1.5.
        assertEquals(Map.of("null", 2L, "nan", 1L, "infinite", 1L, "negative_weight", 1L, "outside_domain", 1L),
                reasons(byLoss.get("bce(eps=1e-15)")));
        Map<String, Row> report = report();
        assertEquals(2L, report.get("g|a|mse").getLong(report.get("g|a|mse").fieldIndex("invalid_rows")));
        assertEquals(4L, report.get("g|b|bce(eps=1e-15)").getLong(report.get("g|b|bce(eps=1e-15)").fieldIndex("invalid_rows")));
        // b counts (1.5 - 1)^2 = 0.25 only
        assertEquals(0.25, value(report, "g|b|mse"), 1e-15);
    }

    @Test
    void decimalsAreWidenedToDoubleBeforeExpressions() throws IOException {
        // In decimal arithmetic Spark would type d * 1 as decimal(38,6) and round 1.23456789e-7 to 0.000000.
        String t = table("dec", "SELECT CAST('0.000000123456789000' AS DECIMAL(38,18)) AS d, "
                + "CAST('1.000000000000000000' AS DECIMAL(38,18)) AS one, 0D AS y, true AS yes");
        JsonNode run = run("run", "--input", t, "--prediction", "d * one", "--label", "y", "--loss", "mean_error");
        assertEquals(1.23456789e-7, value(report(), "overall|mean_error"), 1e-22);
        JsonNode c = run.get("coercions").get(0);
        assertEquals("prediction", c.get("role").asText());
        assertTrue(c.get("note").asText().contains("decimal"), c.toString());
        // A boolean label is 1.0 for true: (0.000000123456789 - 1)
        run("run", "--input", t, "--prediction", "d", "--label", "yes", "--loss", "mean_error");
        assertEquals(1.23456789e-7 - 1, value(report(), "overall|mean_error"), 1e-15);
    }

    @Test
    void reasonCountsStayExactWhenThePassIsComputedAgain() {
        var df = spark().sql("SELECT * FROM VALUES (0.5D, 1D), (double('NaN'), 1D), (2D, CAST(NULL AS DOUBLE)) AS t(p, y)")
                .repartition(3);
        PassPlan plan = PassPlan.build(JobTestSupport.config("prediction: p\nlabel: y\nlosses: [mse]\n"), df);
        FusedPass.Result result = FusedPass.run(spark(), plan);
        result.collect();
        // A recomputed stage (lost executor, retried task) reports each partition again: replaced, not added.
        List<Row> again = result.collect();
        assertEquals(Map.of(InvalidRows.Reason.NAN, 1L, InvalidRows.Reason.NULL, 1L), result.invalidRows().byReason(0));
        // The same holds for the merge tasks' parts of the overall slice: one row counted, two refused.
        Row overall = again.stream().filter(r -> r.getString(0).equals("overall")).findFirst().orElseThrow();
        assertEquals(1L, overall.getLong(overall.fieldIndex("rows")));
        assertEquals(2L, overall.getLong(overall.fieldIndex("invalid_rows")));
    }

    private static Map<String, Long> reasons(JsonNode loss) {
        Map<String, Long> m = new java.util.HashMap<>();
        loss.get("by_reason").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
