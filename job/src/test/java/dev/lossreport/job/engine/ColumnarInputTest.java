package dev.lossreport.job.engine;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stage one reading a Parquet scan's column batches in place gives the report the row path gives. */
class ColumnarInputTest {
    @TempDir
    static Path dir;
    private static String table;
    private static final String CONFIG = """
            prediction: p
            label: y
            weight: w
            group_by: [g, [g, h], k, h]
            losses: [mse, mae, bce, r2, error_variance, {name: hinge, prediction: x}]
            """;

    @BeforeAll
    static void writeTable() {
        table = dir.resolve("t").toString();
        // Nulls, NaN and out-of-domain values, a string, an int (with nulls) and a long key, three files.
        JobTestSupport.spark().range(0, 30_000, 1, 3).selectExpr(
                        "CASE WHEN id % 97 = 0 THEN NULL ELSE concat('g', CAST(id % 7 AS STRING)) END AS g",
                        "CASE WHEN id % 89 = 0 THEN NULL ELSE CAST(id % 3 AS INT) END AS h",
                        "id % 2003 AS k",
                        "CAST(pmod(hash(id, 4), 50) AS INT) AS m",
                        "CASE WHEN id % 101 = 0 THEN NULL WHEN id % 103 = 0 THEN double('NaN')"
                                + " ELSE 0.02 + 0.96 * pmod(hash(id, 1), 1000) / 1000.0 END AS p",
                        "CAST(pmod(hash(id, 2), 2) AS DOUBLE) AS y",
                        "CASE WHEN id % 107 = 0 THEN -1.0 ELSE CAST(1 + id % 3 AS DOUBLE) END AS w",
                        "CAST(pmod(hash(id, 3), 1000) / 250.0 - 2 AS DOUBLE) AS x")
                .write().parquet(table);
    }

    @Test
    void batchViewsAndRowsGiveTheSameReport() {
        SparkSession spark = JobTestSupport.spark();
        JobConfig config = JobTestSupport.config(CONFIG);
        PassPlan plan = PassPlan.build(config, spark.read().parquet(table));
        assertTrue(ColumnarInput.batches(plan.prepared()) != null, "a plain Parquet column selection reads batches");
        FusedPass.Result columnar = FusedPass.run(spark, plan);
        List<Row> batchRows = columnar.collect();
        assertTrue(columnar.columnarInput());
        Map<String, Row> a = JobTestSupport.bySliceAndPrediction(batchRows);
        Map<String, Row> b = JobTestSupport.bySliceAndPrediction(rowReport(config));
        // overall, g (7 and null), (g, h) (8 x 4), k, h (3 and null)
        assertEquals((1 + 8 + 32 + 2003 + 4) * 6, a.size());
        JobTestSupport.assertSameReport(b, a);
        Row overall = a.get("overall|mse@p");
        assertTrue(overall.getLong(overall.fieldIndex("invalid_rows")) > 500, "nulls, NaN and negative weights are refused");
    }

    /**
     * With a budget of one byte, stage one emits and restarts or passes through a table in the middle of
     * a batch, and the batch's later rows reach the new table or the merge: the report stays the same.
     */
    @Test
    void tablesFlushedWithinABatchGiveTheSameReport() {
        SparkSession spark = JobTestSupport.spark();
        // k (2,003 values) is passed through, then m (50 values, read from batches) is emitted and restarted.
        JobConfig config = JobTestSupport.config(CONFIG.replace("group_by: [g, [g, h], k, h]", "group_by: [k, m, h]"));
        FusedPass.Result tiny;
        List<Row> tinyRows;
        spark.conf().set(PartialAggregation.BUDGET_CONF, "1b");
        // Batches of 1,000 rows: the budget is checked every 4,096 rows, within a batch.
        spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "1000");
        try {
            tiny = FusedPass.run(spark, PassPlan.build(config, spark.read().parquet(table)));
            tinyRows = tiny.collect();
        } finally {
            spark.conf().unset(PartialAggregation.BUDGET_CONF);
            spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
        }
        assertTrue(tiny.columnarInput());
        assertTrue(tiny.inputCounts().totals()[PartitionCounts.PASSED_THROUGH] > 1000,
                "rows passed through: " + tiny.inputCounts().totals()[PartitionCounts.PASSED_THROUGH]);
        JobTestSupport.assertSameReport(JobTestSupport.bySliceAndPrediction(rowReport(config)), JobTestSupport.bySliceAndPrediction(tinyRows));
    }

    /** The report read row by row (the vectorized reader off). */
    private static List<Row> rowReport(JobConfig config) {
        SparkSession spark = JobTestSupport.spark();
        spark.conf().set("spark.sql.parquet.enableVectorizedReader", "false");
        try {
            FusedPass.Result rows = FusedPass.run(spark, PassPlan.build(config, spark.read().parquet(table)));
            List<Row> out = rows.collect();
            assertFalse(rows.columnarInput());
            return out;
        } finally {
            spark.conf().unset("spark.sql.parquet.enableVectorizedReader");
        }
    }

    @Test
    void aComputedColumnReadsRows() {
        SparkSession spark = JobTestSupport.spark();
        JobConfig config = JobTestSupport.config(CONFIG.replace("prediction: p", "prediction: \"p * 0.5\""));
        Dataset<Row> input = spark.read().parquet(table);
        assertTrue(ColumnarInput.batches(PassPlan.build(config, input).prepared()) == null);
    }
}
