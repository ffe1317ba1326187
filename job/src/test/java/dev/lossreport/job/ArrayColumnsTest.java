package dev.lossreport.job;

import dev.lossreport.job.cli.Main;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Array columns through the job's plan and pass: element types, nulls and lengths, masks and ignore
 * values, flatten, multioutput (with outputs read from the table), psnr and class labels given as
 * names, with values derived by hand; and partition invariance of all of them together.
 */
class ArrayColumnsTest {
    @TempDir
    static Path tmp;

    private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType);

    private static Dataset<Row> frame(StructType schema, Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] r : rows) {
            list.add(RowFactory.create(r));
        }
        return JobTestSupport.spark().createDataFrame(list, schema);
    }

    private static Map<String, Row> run(String yaml, Dataset<Row> df) {
        return JobTestSupport.bySlice(JobTestSupport.report(JobTestSupport.config(yaml), df));
    }

    private static double value(Map<String, Row> report, String key) {
        Row r = report.get(key);
        assertTrue(r != null, "no report row " + key + " in " + report.keySet());
        return r.getDouble(r.fieldIndex("value"));
    }

    private static long count(Map<String, Row> report, String key, String column) {
        Row r = report.get(key);
        return r.getLong(r.fieldIndex(column));
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static Double[] d(Double... v) {
        return v;
    }

    @Test
    void floatAndIntArraysWithNullsAndUnequalLengths() {
        StructType schema = new StructType()
                .add("p", DataTypes.createArrayType(DataTypes.FloatType))
                .add("y", DataTypes.createArrayType(DataTypes.IntegerType));
        Dataset<Row> df = frame(schema,
                row(List.of(1.5f, 2.0f), List.of(1, 2)),     // errors 0.5, 0: mse 0.125, mae 0.25
                row(List.of(0f, 4f), List.of(1, 1)),         // errors -1, 3: mse 5, mae 2
                row(List.of(3f), List.of(1)),                // error 2: mse 4, mae 2 (a shorter row of its own)
                row(null, List.of(1, 1)),                    // null array
                row(Arrays.asList(1f, null), List.of(1, 1)), // null element
                row(List.of(1f), List.of(1, 1)),             // lengths differ
                row(List.of(), List.of()));                  // empty
        Map<String, Row> r = run("prediction: p\nlabel: y\nlosses: [mse, mae, mse(flatten=true), mean_error]\n", df);
        assertEquals((0.125 + 5 + 4) / 3, value(r, "overall|mse"), 1e-15);
        assertEquals((0.25 + 2 + 2) / 3, value(r, "overall|mae"), 1e-15);
        // flatten: (0.25 + 0 + 1 + 9 + 4) / 5 elements
        assertEquals((0.25 + 1 + 9 + 4) / 5, value(r, "overall|mse(flatten=true)"), 1e-15);
        assertEquals((0.25 + 1 + 2) / 3, value(r, "overall|mean_error"), 1e-15);
        assertEquals(3, count(r, "overall|mse", "rows"));
        assertEquals(4, count(r, "overall|mse", "invalid_rows"));
        assertEquals(0, count(r, "overall|mse", "masked_rows"));
    }

    private static final StructType MASKED = new StructType().add("g", DataTypes.StringType)
            .add("p", DOUBLES).add("y", DOUBLES)
            .add("m", DataTypes.createArrayType(DataTypes.BooleanType)).add("m01", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("keep", DataTypes.BooleanType);

    private static Dataset<Row> masked() {
        return frame(MASKED,
                // kept errors 1, 3: mse (1 + 9) / 2
                row("a", List.of(1.0, 2.0, 3.0), List.of(0.0, 0.0, 0.0), List.of(true, false, true), List.of(1, 0, 1), true),
                // label 255 is void: with ignore_value 255, errors 0 and 1 remain
                row("a", List.of(1.0, 1.0, 1.0), List.of(1.0, 255.0, 0.0), List.of(true, true, true), List.of(1, 1, 1), true),
                // everything masked
                row("b", List.of(1.0, 1.0, 1.0), List.of(0.0, 0.0, 0.0), List.of(false, false, false), List.of(0, 0, 0), false),
                // a null mask
                row("b", List.of(1.0, 1.0, 1.0), List.of(0.0, 0.0, 0.0), null, null, null),
                // the masked element is null: it does not matter; errors 2, 2
                row("b", Arrays.asList(2.0, null, 2.0), List.of(0.0, 0.0, 0.0), List.of(true, false, true), List.of(1, 0, 1), true));
    }

    @Test
    void elementMasksRowMasksAndIgnoreValues() {
        String losses = "prediction: p\nlabel: y\ngroup_by: g\nlosses: [mse, mse(flatten=true)]\n";
        for (String mask : List.of("m", "m01")) {
            Map<String, Row> r = run(losses + "mask: " + mask + "\n", masked());
            assertEquals((5 + (0 + 254.0 * 254 + 1) / 3 + 4) / 3, value(r, "overall|mse"), 1e-12, mask);
            assertEquals(3, count(r, "overall|mse", "rows"));
            assertEquals(1, count(r, "overall|mse", "invalid_rows"));
            assertEquals(1, count(r, "overall|mse", "masked_rows"));
            assertEquals(4.0, value(r, "g|b|mse"), 1e-15);
            assertEquals(1, count(r, "g|b|mse", "masked_rows"));
        }
        // ignore_value on top of the mask: row 2 keeps errors 0 and 1
        Map<String, Row> r = run(losses + "mask: m\nignore_value: 255\n", masked());
        assertEquals((5 + 0.5 + 4) / 3, value(r, "overall|mse"), 1e-15);
        // pooled over the 2 + 2 + 2 kept elements: (1 + 9 + 0 + 1 + 4 + 4) / 6
        assertEquals(19 / 6.0, value(r, "overall|mse(flatten=true)"), 1e-15);
        // a row mask (one boolean per row) masks whole array rows; the null one is invalid
        r = run(losses + "mask: keep\n", masked());
        assertEquals((14 / 3.0 + (0 + 254.0 * 254 + 1) / 3) / 2, value(r, "overall|mse"), 1e-12);
        assertEquals(2, count(r, "overall|mse", "invalid_rows")); // the null mask, and the null element now kept
        assertEquals(1, count(r, "overall|mse", "masked_rows"));
        // an ignore value per loss, NaN skipping missing targets
        Dataset<Row> missing = frame(new StructType().add("p", DOUBLES).add("y", DOUBLES),
                row(List.of(1.0, 5.0), Arrays.asList(0.0, null)),
                row(List.of(2.0, 2.0), Arrays.asList(null, null)));
        r = run("prediction: p\nlabel: y\nlosses:\n  - {name: mae, ignore_value: NaN}\n", missing);
        assertEquals(1.0, value(r, "overall|mae"), 1e-15);
        assertEquals(1, count(r, "overall|mae", "masked_rows"));
    }

    @Test
    void scalarRowMaskAsKeras() {
        Dataset<Row> df = frame(new StructType().add("p", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                        .add("keep", DataTypes.BooleanType),
                row(1.0, 0.0, true), row(3.0, 0.0, false), row(2.0, 0.0, null), row(0.5, 0.0, true));
        Map<String, Row> r = run("prediction: p\nlabel: y\nmask: keep\nlosses: [mse, \"mse(reduction=sum_over_batch_size)\"]\n", df);
        assertEquals((1 + 0.25) / 2, value(r, "overall|mse"), 1e-15);
        assertEquals((1 + 0.25) / 2, value(r, "overall|mse(reduction=sum_over_batch_size)"), 1e-15);
        assertEquals(1, count(r, "overall|mse", "masked_rows"));
        assertEquals(1, count(r, "overall|mse", "invalid_rows"));
    }

    // scikit-learn's docstring: y_true [[0.5, 1], [-1, 1], [7, -6]], y_pred [[0, 2], [-1, 2], [8, -5]]
    private static Dataset<Row> skOutputs(Object[]... more) {
        List<Object[]> rows = new ArrayList<>(List.of(
                row(List.of(0.0, 2.0), List.of(0.5, 1.0)),
                row(List.of(-1.0, 2.0), List.of(-1.0, 1.0)),
                row(List.of(8.0, -5.0), List.of(7.0, -6.0))));
        rows.addAll(List.of(more));
        return frame(new StructType().add("p", DOUBLES).add("y", DOUBLES), rows.toArray(Object[][]::new));
    }

    @Test
    void multioutputReadsTheNumberOfOutputsFromTheTable() {
        Map<String, Row> r = run("""
                prediction: p
                label: y
                losses:
                  - rmse
                  - rmse(multioutput=uniform_average)
                  - mse(multioutput=raw_values)
                  - "mse(multioutput=[0.3, 0.7])"
                  - r2(multioutput=variance_weighted)
                """, skOutputs());
        double mse0 = 1.25 / 3;
        assertEquals(Math.sqrt((mse0 + 1) / 2), value(r, "overall|rmse"), 1e-15);
        assertEquals((Math.sqrt(mse0) + 1) / 2, value(r, "overall|rmse(multioutput=uniform_average,outputs=2)"), 1e-15);
        assertEquals(mse0, value(r, "overall|mse(multioutput=raw_values,outputs=2)#0"), 1e-15);
        assertEquals(1.0, value(r, "overall|mse(multioutput=raw_values,outputs=2)#1"), 1e-15);
        assertEquals(0.3 * mse0 + 0.7, value(r, "overall|mse(multioutput=[0.3,0.7])"), 1e-15);
        // SS_tot per output 217/6 and 98/3, SS_res 1.25 and 3
        assertEquals(1 - 4.25 / (217 / 6.0 + 98 / 3.0), value(r, "overall|r2(multioutput=variance_weighted,outputs=2)"), 1e-14);
        Row raw = r.get("overall|mse(multioutput=raw_values,outputs=2)#1");
        assertEquals(3, raw.getLong(raw.fieldIndex("rows")));
        assertTrue(r.get("overall|rmse").isNullAt(r.get("overall|rmse").fieldIndex("output")));

        // arrays of several lengths: the number of outputs is not one, so the job says so (input data, exit 4)
        Dataset<Row> mixed = skOutputs(row(List.of(1.0, 2.0, 3.0), List.of(1.0, 2.0, 3.0)));
        JobException e = assertThrows(JobException.class,
                () -> run("prediction: p\nlabel: y\nlosses: [rmse(multioutput=uniform_average)]\n", mixed));
        assertEquals(JobException.INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("prediction 'p' has arrays of 2 to 3 elements"), e.getMessage());
        // ... unless outputs is given: the row of 3 does not count
        r = run("prediction: p\nlabel: y\nlosses: [\"rmse(multioutput=uniform_average,outputs=2)\"]\n", mixed);
        assertEquals((Math.sqrt(mse0) + 1) / 2, value(r, "overall|rmse(multioutput=uniform_average,outputs=2)"), 1e-15);
        assertEquals(1, count(r, "overall|rmse(multioutput=uniform_average,outputs=2)", "invalid_rows"));
    }

    @Test
    void rawValuesWithAMaskedOutput() {
        StructType schema = new StructType().add("p", DOUBLES).add("y", DOUBLES).add("m", DOUBLES);
        Dataset<Row> df = frame(schema,
                row(List.of(1.0, 1.0), List.of(0.0, 0.0), List.of(1.0, 1.0)),
                row(List.of(3.0, 5.0), List.of(0.0, 0.0), List.of(1.0, 0.0)));
        Map<String, Row> r = run("prediction: p\nlabel: y\nmask: m\nlosses: [mae(multioutput=raw_values), mae]\n", df);
        assertEquals((1 + 3) / 2.0, value(r, "overall|mae(multioutput=raw_values,outputs=2)#0"), 1e-15);
        assertEquals(1.0, value(r, "overall|mae(multioutput=raw_values,outputs=2)#1"), 1e-15);
        assertEquals(1, count(r, "overall|mae(multioutput=raw_values,outputs=2)#1", "rows"));
        assertEquals(1, count(r, "overall|mae(multioutput=raw_values,outputs=2)#1", "masked_rows"));
        // the row mean: (1 + 1) / 2 and 3 alone
        assertEquals((1 + 3) / 2.0, value(r, "overall|mae"), 1e-15);
    }

    @Test
    void psnrOfImages() {
        Dataset<Row> df = frame(new StructType().add("img_pred", DOUBLES).add("img", DOUBLES),
                row(List.of(0.5, 0.5), List.of(0.0, 1.0)),   // mse 0.25: 10 log10(4)
                row(List.of(0.1, 0.1), List.of(0.0, 0.0)));  // mse 0.01: 20 dB
        Map<String, Row> r = run("prediction: img_pred\nlabel: img\nlosses: [psnr, psnr(pooled=true), mse]\n", df);
        assertEquals((10 * Math.log10(4) + 20) / 2, value(r, "overall|psnr(data_range=1.0)"), 1e-13);
        assertEquals(10 * Math.log10(1 / 0.13), value(r, "overall|psnr(data_range=1.0,pooled=true)"), 1e-13);
    }

    private static final StructType OUTCOMES = new StructType().add("probs", DOUBLES).add("outcome", DataTypes.StringType)
            .add("code", DataTypes.IntegerType);

    private static Dataset<Row> outcomes() {
        return frame(OUTCOMES,
                row(List.of(0.5, 0.3, 0.2), "home", 10),
                row(List.of(0.2, 0.3, 0.5), "away", 30),
                row(List.of(0.1, 0.8, 0.1), "draw", 20),
                row(List.of(0.1, 0.8, 0.1), "postponed", 40), // not a class
                row(List.of(0.5, 0.5), "home", 10),           // not 3 probabilities
                row(List.of(0.3, 0.3, 0.4), null, null));
    }

    @Test
    void classNamesAreReadThroughTheClassList() {
        double expected = (Math.log(2) + Math.log(2) - Math.log(0.8)) / 3;
        Map<String, Row> r = run("prediction: probs\nlabel: outcome\nclasses: [home, draw, away]\nlosses: [cce]\n", outcomes());
        assertEquals(expected, value(r, "overall|cce(eps=1e-15)"), 1e-15);
        assertEquals(3, count(r, "overall|cce(eps=1e-15)", "rows"));
        assertEquals(3, count(r, "overall|cce(eps=1e-15)", "invalid_rows"));
        // on the loss; numeric class labels are matched by value
        r = run("prediction: probs\nlosses:\n  - {name: cce, label: code, classes: [10, 20, 30]}\n  - {name: brier, label: outcome, "
                + "classes: [home, draw, away]}\n", outcomes());
        assertEquals(expected, value(r, "overall|cce(eps=1e-15)"), 1e-15);
        // brier: (0.25 + 0.09 + 0.04) twice and (0.01 + 0.04 + 0.01)
        assertEquals((0.38 + 0.38 + 0.06) / 3, value(r, "overall|brier"), 1e-15);

        // no class list: the sorted labels of the whole table, here away, draw, home
        Dataset<Row> played = outcomes().where("outcome in ('home', 'draw', 'away') and size(probs) = 3")
                .selectExpr("array(probs[2], probs[1], probs[0]) AS probs", "outcome");
        JobConfig config = JobTestSupport.config("prediction: probs\nlabel: outcome\nlosses: [cce]\n");
        PassPlan plan = PassPlan.build(config, played);
        assertEquals(List.of("away", "draw", "home"), plan.bindings().get(0).classes());
        r = run("prediction: probs\nlabel: outcome\nlosses: [cce]\n", played);
        assertEquals(expected, value(r, "overall|cce(eps=1e-15)"), 1e-15);

        // two classes for a binary probability: the label is 0 or 1
        Dataset<Row> binary = frame(new StructType().add("p", DataTypes.DoubleType).add("won", DataTypes.StringType),
                row(0.8, "yes"), row(0.4, "no"), row(0.3, "maybe"));
        r = run("prediction: p\nlabel: won\nclasses: [\"no\", \"yes\"]\nlosses: [brier]\n", binary);
        assertEquals((0.04 + 0.16) / 2, value(r, "overall|brier"), 1e-15);
        assertEquals(1, count(r, "overall|brier", "invalid_rows"));
    }

    @Test
    void settingsThatCannotApplyAreUsageErrors() {
        Dataset<Row> df = masked().selectExpr("*", "array(0.2, 0.3, 0.5) AS probs", "array(0.0, 1.0, 0.0) AS onehot",
                "1.0 AS cls", "'x' AS name", "0.5 AS s");
        assertUsage("prediction: probs\nlabel: cls\nmask: m\nlosses: [cce]\n", df, "mask 'm' is an array, which masks elements");
        assertUsage("prediction: probs\nlabel: onehot\nignore_value: 255\nlosses: [brier]\n", df,
                "ignore_value skips label elements, and this loss does not average over elements");
        assertUsage("prediction: p\nlabel: y\nmask: name\nlosses: [mse]\n", df, "mask 'name' has type string");
        assertUsage("prediction: s\nlabel: s\nlosses: [rmse(multioutput=uniform_average)]\n", df,
                "with multioutput scores arrays per output; prediction 's' has type");
        assertUsage("prediction: probs\nlabel: cls\nclasses: [home, away]\nlosses: [cce]\n", df,
                "so its classes must be numbers as they appear in the column; got 'home'");
        Dataset<Row> ranked = df.selectExpr("g", "s AS score", "s AS rel", "keep", "'d' || g AS doc");
        assertUsage("prediction: score\nlabel: rel\nquery: g\nitem: doc\nmask: keep\nlosses: [ndcg]\n", ranked,
                "mask and ignore_value apply to per-row losses");
        JobException e = assertThrows(JobException.class,
                () -> JobTestSupport.config("prediction: p\nlabel: won\nclasses: [no, yes]\nlosses: [brier]\n"));
        assertTrue(e.getMessage().contains("quote class names"), e.getMessage());
    }

    private static void assertUsage(String yaml, Dataset<Row> df, String message) {
        JobException e = assertThrows(JobException.class, () -> run(yaml, df));
        assertEquals(JobException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void oneAndManyPartitionsGiveTheSameReport() {
        Random rnd = new Random(5);
        StructType schema = new StructType().add("g", DataTypes.StringType).add("p", DOUBLES).add("y", DOUBLES)
                .add("m", DOUBLES).add("w", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            List<Double> p = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> m = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                p.add(0.01 + 0.98 * rnd.nextDouble());
                y.add(rnd.nextDouble() < 0.05 ? 255.0 : (double) rnd.nextInt(2));
                m.add(rnd.nextDouble() < 0.1 ? 0.0 : 1.0);
            }
            rows.add(RowFactory.create("g" + rnd.nextInt(4), p, y, m, (double) rnd.nextInt(3)));
        }
        Dataset<Row> df = JobTestSupport.spark().createDataFrame(rows, schema);
        JobConfig config = JobTestSupport.config("""
                prediction: p
                label: y
                weight: w
                mask: m
                ignore_value: 255
                group_by: g
                losses:
                  - mse
                  - mae(flatten=true)
                  - bce(multioutput=raw_values)
                  - rmse(multioutput=uniform_average)
                  - "huber(multioutput=[1, 2, 0.5])"
                  - r2(multioutput=variance_weighted)
                  - psnr
                  - psnr(pooled=true)
                """);
        Map<String, Row> one = JobTestSupport.bySlice(JobTestSupport.report(config, df.repartition(1)));
        Map<String, Row> many = JobTestSupport.bySlice(JobTestSupport.report(config, df.repartition(16)));
        assertEquals(one.keySet(), many.keySet());
        assertEquals((1 + 4) * (7 + 3), one.size());
        for (var e : one.entrySet()) {
            Row a = e.getValue();
            Row b = many.get(e.getKey());
            double va = a.getDouble(a.fieldIndex("value"));
            assertEquals(va, b.getDouble(b.fieldIndex("value")), Math.abs(va) * 1e-12, e.getKey());
            for (String c : List.of("rows", "invalid_rows", "masked_rows")) {
                assertEquals(a.getLong(a.fieldIndex(c)), b.getLong(b.fieldIndex(c)), e.getKey() + " " + c);
            }
        }
        assertTrue(count(one, "overall|mse", "masked_rows") > 0);
    }

    @Test
    void theCliScoresImageColumnsByTheirTypes() throws Exception {
        Path in = tmp.resolve("images");
        frame(new StructType().add("img_pred", DataTypes.createArrayType(DataTypes.FloatType))
                        .add("img", DataTypes.createArrayType(DataTypes.IntegerType))
                        .add("valid", DataTypes.createArrayType(DataTypes.BooleanType)),
                row(List.of(250f, 5f), List.of(255, 0), List.of(true, true)),    // errors 5, 5: mse 25
                row(List.of(200f, 0f), List.of(255, 7), List.of(false, true)))    // kept error 7: mse 49
                .write().parquet(in.toString());
        Path out = tmp.resolve("reports/images");
        int code = Main.execute("run", "--input", in.toString(), "--prediction", "img_pred", "--label", "img",
                "--mask", "valid", "--loss", "mse", "--loss", "psnr(data_range=255)", "--output", out.toString());
        assertEquals(0, code);
        Map<String, Row> r = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(out.toString()).collectAsList());
        assertEquals((25 + 49) / 2.0, value(r, "overall|mse"), 1e-12);
        double psnr = (10 * Math.log10(255.0 * 255 / 25) + 10 * Math.log10(255.0 * 255 / 49)) / 2;
        assertEquals(psnr, value(r, "overall|psnr(data_range=255.0)"), 1e-12);
        assertNull(r.get("overall|mse").get(r.get("overall|mse").fieldIndex("output")));
    }
}
