package dev.lossreport.job.engine;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused pass through Spark: partitioning, slices that cannot count, grouping edge cases. */
class FusedPassTest {
    private static Dataset<Row> data;
    private static final String ALL_LOSSES = """
            prediction: p
            label: y
            weight: w
            group_by: [g, [g, h]]
            losses:
              - mse
              - rmse
              - mae
              - huber(delta=0.3)
              - log_cosh
              - mean_error
              - error_variance
              - r2
              - bce
              - brier
              - {name: bce_logits, prediction: "ln(p / (1 - p))"}
              - {name: cce, prediction: probs, label: cls}
              - {name: brier, prediction: probs, label: cls}
              - {name: nll, prediction: "element_at(probs, int(cls) + 1)"}
            """;

    @BeforeAll
    static void setUp() {
        Random r = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            double p = 0.01 + 0.98 * r.nextDouble();
            double y = r.nextDouble() < p ? 1 : 0;
            double a = r.nextDouble() + 0.1;
            double b = r.nextDouble() + 0.1;
            double c = r.nextDouble() + 0.1;
            double s = a + b + c;
            rows.add(RowFactory.create("g" + r.nextInt(5), r.nextInt(3), 1e6 + p, 1e6 + y, (double) r.nextInt(3),
                    new double[]{a / s, b / s, c / s}, (double) r.nextInt(3)));
        }
        StructType schema = new StructType().add("g", DataTypes.StringType).add("h", DataTypes.IntegerType)
                .add("p_shifted", DataTypes.DoubleType).add("y_shifted", DataTypes.DoubleType).add("w", DataTypes.DoubleType)
                .add("probs", DataTypes.createArrayType(DataTypes.DoubleType)).add("cls", DataTypes.DoubleType);
        data = JobTestSupport.spark().createDataFrame(rows, schema)
                .selectExpr("*", "p_shifted - 1e6 AS p", "y_shifted - 1e6 AS y");
    }

    @Test
    void oneAndSixtyFourPartitionsGiveTheSameReport() {
        JobConfig config = JobTestSupport.config(ALL_LOSSES);
        Map<String, Row> one = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, data.repartition(1)));
        Map<String, Row> many = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, data.repartition(64)));
        assertEquals(one.keySet(), many.keySet());
        // overall + 5 values of g + 15 (g, h) pairs, 14 losses each
        assertEquals((1 + 5 + 15) * 14, one.size());
        for (var e : one.entrySet()) {
            Row a = e.getValue();
            Row b = many.get(e.getKey());
            double va = a.getDouble(a.fieldIndex("value"));
            double vb = b.getDouble(b.fieldIndex("value"));
            assertEquals(va, vb, Math.abs(va) * 1e-12, e.getKey());
            assertEquals(a.getLong(a.fieldIndex("rows")), b.getLong(b.fieldIndex("rows")), e.getKey());
            assertEquals(a.getLong(a.fieldIndex("invalid_rows")), b.getLong(b.fieldIndex("invalid_rows")), e.getKey());
        }
    }

    /**
     * After 65,536 rows of one partition the forecast passes the first slicing (a key per row) through;
     * the overall slice, summed by the merge from that slicing's slices, still holds every row once
     * (the partial states of the first rows and the rows passed through). The report equals that of 40
     * partitions, which never reach the forecast.
     */
    @Test
    void theOverallSliceIsSummedFromAFirstSlicingWhoseRowsArePassedThrough() {
        JobConfig config = JobTestSupport.config("""
                prediction: p
                label: y
                weight: w
                group_by: [k, g]
                losses: [mse, bce, r2]
                """);
        Dataset<Row> rows = JobTestSupport.spark().range(0, 80_000, 1, 1).selectExpr("id AS k", "CAST(id % 5 AS INT) AS g",
                "0.02 + 0.96 * pmod(hash(id, 1), 1000) / 1000.0 AS p", "CAST(pmod(hash(id, 2), 2) AS DOUBLE) AS y",
                "CAST(1 + id % 3 AS DOUBLE) AS w");
        FusedPass.Result forecast = FusedPass.run(JobTestSupport.spark(), dev.lossreport.job.plan.PassPlan.build(config, rows));
        Map<String, Row> one = JobTestSupport.bySliceAndPrediction(forecast.collect());
        long passed = forecast.inputCounts().totals()[PartitionCounts.PASSED_THROUGH];
        assertEquals(80_000 - PartialAggregation.FORECAST_AFTER, passed, "k's rows after the forecast pass through");
        Map<String, Row> many = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, rows.repartition(40)));
        assertEquals((1 + 80_000 + 5) * 3, one.size());
        JobTestSupport.assertSameReport(many, one);
        Row overall = one.get("overall|mse@p");
        assertEquals(80_000, overall.getLong(overall.fieldIndex("rows")));
    }

    /**
     * With one slicing of a key per row, the rows after the forecast update no state in stage one at
     * all; their refusals are still tallied there, by reason, as 40 partitions (which never pass rows
     * through) tally them.
     */
    @Test
    void rowsThatEverySlicingPassesThroughHaveTheirRefusalsTallied() {
        JobConfig config = JobTestSupport.config("""
                prediction: p
                label: y
                group_by: [k]
                losses: [mse, bce]
                """);
        // p is NaN on multiples of 97 (825 rows), y is 2 on the other multiples of 89 (899 - 10 rows).
        Dataset<Row> rows = JobTestSupport.spark().range(0, 80_000, 1, 1).selectExpr("id AS k",
                "IF(id % 97 = 0, double('NaN'), 0.02 + 0.96 * pmod(hash(id, 1), 1000) / 1000.0) AS p",
                "IF(id % 89 = 0, 2D, CAST(pmod(hash(id, 2), 2) AS DOUBLE)) AS y");
        FusedPass.Result one = FusedPass.run(JobTestSupport.spark(), dev.lossreport.job.plan.PassPlan.build(config, rows));
        one.collect();
        assertEquals(80_000 - PartialAggregation.FORECAST_AFTER, one.inputCounts().totals()[PartitionCounts.PASSED_THROUGH]);
        FusedPass.Result many = FusedPass.run(JobTestSupport.spark(), dev.lossreport.job.plan.PassPlan.build(config, rows.repartition(40)));
        many.collect();
        assertEquals(Map.of(InvalidRows.Reason.NAN, 825L), one.invalidRows().byReason(0));
        assertEquals(Map.of(InvalidRows.Reason.NAN, 825L, InvalidRows.Reason.OUTSIDE_DOMAIN, 889L), one.invalidRows().byReason(1));
        assertEquals(many.invalidRows().byReason(1), one.invalidRows().byReason(1));
    }

    @Test
    void aTinyStateBudgetPassesRowsThroughAndChangesNothing() {
        // k has up to 100,000 values over 12,000 rows, so few rows share a k: with a budget of a few bytes
        // stage one gives up on it and passes its rows to the merge, while the 15 (g, h) slices are
        // emitted and started afresh.
        JobConfig config = JobTestSupport.config(ALL_LOSSES.replace("group_by: [g, [g, h]]", "group_by: [k, [g, h]]"));
        Dataset<Row> keyed = data.selectExpr("*", "CAST(pmod(hash(p_shifted), 100000) AS INT) AS k").repartition(2);
        var spark = JobTestSupport.spark();
        Map<String, Row> normal = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, keyed));
        FusedPass.Result tiny;
        List<Row> tinyRows;
        spark.conf().set(PartialAggregation.BUDGET_CONF, "1b");
        try {
            tiny = FusedPass.run(spark, dev.lossreport.job.plan.PassPlan.build(config, keyed));
            tinyRows = tiny.collect();
        } finally {
            spark.conf().unset(PartialAggregation.BUDGET_CONF);
        }
        assertTrue(tiny.inputCounts().totals()[PartitionCounts.PASSED_THROUGH] > 1000,
                "rows passed through: " + tiny.inputCounts().totals()[PartitionCounts.PASSED_THROUGH]);
        Map<String, Row> passed = JobTestSupport.bySliceAndPrediction(tinyRows);
        assertEquals(normal.keySet(), passed.keySet());
        for (var e : normal.entrySet()) {
            Row a = e.getValue();
            Row b = passed.get(e.getKey());
            int v = a.fieldIndex("value");
            if (a.isNullAt(v)) {
                assertTrue(b.isNullAt(v), e.getKey());
            } else {
                assertEquals(a.getDouble(v), b.getDouble(v), Math.abs(a.getDouble(v)) * 1e-12, e.getKey());
            }
            assertEquals(a.getLong(a.fieldIndex("rows")), b.getLong(b.fieldIndex("rows")), e.getKey());
            assertEquals(a.getLong(a.fieldIndex("invalid_rows")), b.getLong(b.fieldIndex("invalid_rows")), e.getKey());
        }
    }

    @Test
    void valuesMatchPlainSparkAggregates() {
        JobConfig config = JobTestSupport.config("""
                prediction: p
                label: y
                weight: w
                group_by: [g]
                losses: [mse, mae, mean_error, bce]
                """);
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.report(config, data));
        List<Row> sql = data.groupBy("g").agg(
                org.apache.spark.sql.functions.expr("sum(w * (p - y) * (p - y)) / sum(w)"),
                org.apache.spark.sql.functions.expr("sum(w * abs(p - y)) / sum(w)"),
                org.apache.spark.sql.functions.expr("sum(w * (p - y)) / sum(w)"),
                org.apache.spark.sql.functions.expr("sum(-w * (y * ln(p) + (1 - y) * ln(1 - p))) / sum(w)")).collectAsList();
        for (Row r : sql) {
            String g = r.getString(0);
            assertEquals(r.getDouble(1), value(report, "g|" + g + "|mse"), 1e-12);
            assertEquals(r.getDouble(2), value(report, "g|" + g + "|mae"), 1e-12);
            assertEquals(r.getDouble(3), value(report, "g|" + g + "|mean_error"), 1e-12);
            assertEquals(r.getDouble(4), value(report, "g|" + g + "|bce(eps=1e-15)"), 1e-12);
        }
    }

    @Test
    void slicesThatCannotCountAreListedWithNullValues() {
        StructType schema = new StructType().add("g", DataTypes.StringType).add("p", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType).add("w", DataTypes.DoubleType);
        List<Row> rows = List.of(
                RowFactory.create("bad", Double.NaN, 1.0, 1.0),
                RowFactory.create("bad", 0.5, null, 1.0),
                RowFactory.create("zero", 0.5, 1.0, 0.0),
                RowFactory.create("zero", 0.2, 0.0, 0.0),
                RowFactory.create("ok", 0.5, 1.0, 2.0),
                RowFactory.create("ok", 1.5, 1.0, 1.0),
                RowFactory.create(null, 0.25, 0.0, 1.0));
        var df = JobTestSupport.spark().createDataFrame(rows, schema);
        var report = JobTestSupport.bySlice(JobTestSupport.report(JobTestSupport.config("""
                prediction: p
                label: y
                weight: w
                group_by: g
                losses: [mse, bce]
                """), df));
        Row bad = report.get("g|bad|mse");
        assertNull(bad.get(bad.fieldIndex("value")));
        assertEquals(0L, bad.getLong(bad.fieldIndex("rows")));
        assertEquals(2L, bad.getLong(bad.fieldIndex("invalid_rows")));
        Row zero = report.get("g|zero|mse");
        assertNull(zero.get(zero.fieldIndex("value")));
        assertEquals(2L, zero.getLong(zero.fieldIndex("rows")));
        assertEquals(0.0, zero.getDouble(zero.fieldIndex("weight_sum")));
        // p = 1.5 is outside bce's domain but fine for mse.
        Row okBce = report.get("g|ok|bce(eps=1e-15)");
        assertEquals(1L, okBce.getLong(okBce.fieldIndex("invalid_rows")));
        assertEquals((2 * 0.25 + 0.25) / 3, value(report, "g|ok|mse"), 1e-15);
        // The null group is a slice of its own.
        Row nullSlice = report.get("g|mse");
        assertEquals(0.0625, nullSlice.getDouble(nullSlice.fieldIndex("value")), 1e-15);
    }

    @Test
    void negativeZeroAndNaNGroupValuesAreOneGroupEach() {
        StructType schema = new StructType().add("g", DataTypes.DoubleType).add("p", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        List<Row> rows = List.of(
                RowFactory.create(0.0, 1.0, 0.0), RowFactory.create(-0.0, 3.0, 0.0),
                RowFactory.create(Double.NaN, 1.0, 0.0), RowFactory.create(Double.longBitsToDouble(0x7ff8000000000123L), 2.0, 0.0));
        var df = JobTestSupport.spark().createDataFrame(rows, schema);
        List<Row> report = JobTestSupport.report(JobTestSupport.config("""
                prediction: p
                label: y
                group_by: g
                losses: [mse]
                """), df);
        List<Row> slices = report.stream().filter(r -> r.getString(0).equals("g")).toList();
        assertEquals(2, slices.size(), slices.toString());
        for (Row r : slices) {
            assertEquals(2L, r.getLong(r.fieldIndex("rows")));
            double g = r.getDouble(1);
            assertTrue(g == 0.0 && 1 / g > 0 || Double.isNaN(g), "group value " + g);
        }
    }

    private static double value(Map<String, Row> report, String key) {
        Row r = report.get(key);
        assertTrue(r != null, key + " not in " + report.keySet());
        return r.getDouble(r.fieldIndex("value"));
    }
}
