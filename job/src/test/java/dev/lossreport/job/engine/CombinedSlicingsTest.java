package dev.lossreport.job.engine;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small slicings updated through the cells of their combination give the report that updating each
 * slicing's slices directly gives: one partition of 30,000 rows combines them after 4,096 rows; 60
 * partitions of 500 rows never do.
 */
class CombinedSlicingsTest {
    private static final String CONFIG = """
            prediction: p
            label: y
            weight: w
            group_by: [a, b, [a, b], k, s]
            losses: [mse, mae, bce, r2, error_variance, {name: hinge, prediction: x}]
            """;

    @Test
    void cellsGiveTheReportOfDirectUpdates() {
        Dataset<Row> data = rows(JobTestSupport.spark());
        JobConfig config = JobTestSupport.config(CONFIG);
        Map<String, Row> combined = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, data));
        Map<String, Row> direct = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, data.repartition(60)));
        // overall, a (40), b (7 and null), [a, b] (40 x 8), k, s
        assertEquals((1 + 40 + 8 + 320 + 3001 + 4) * 6, combined.size());
        JobTestSupport.assertSameReport(direct, combined);
        Row b3 = combined.get("b|3|mse@p");
        assertTrue(b3.getLong(b3.fieldIndex("invalid_rows")) > 0, "refused rows reach the cells' cold states");
    }

    /** One partition of 30,000 rows. */
    private static Dataset<Row> rows(SparkSession spark) {
        // a has 3 values in the first 4,096 rows (a 3-bit field), then 40: rows outgrow the cells' key.
        // b (7 values and null), [a, b] and the string s are small; k (3,001 values) is not combined.
        return spark.range(0, 30_000, 1, 1).selectExpr(
                "CAST(CASE WHEN id < 4096 THEN id % 3 ELSE id % 40 END AS INT) AS a",
                "CASE WHEN id % 31 = 0 THEN NULL ELSE CAST(id % 7 AS INT) END AS b",
                "id % 3001 AS k",
                "concat('s', CAST(id % 4 AS STRING)) AS s",
                "CASE WHEN id % 101 = 0 THEN double('NaN') ELSE 0.02 + 0.96 * pmod(hash(id, 1), 1000) / 1000.0 END AS p",
                "CAST(pmod(hash(id, 2), 2) AS DOUBLE) AS y",
                "CASE WHEN id % 107 = 0 THEN -1.0 ELSE CAST(1 + id % 3 AS DOUBLE) END AS w",
                "CAST(pmod(hash(id, 3), 1000) / 250.0 - 2 AS DOUBLE) AS x");
    }

    /**
     * The same rows read as one Parquet file's column batches: the cells of a chunk of rows are found
     * before its rows are added, and the chunk whose slots of a outgrow their field ends the
     * combination before any of its rows reach the cells.
     */
    @Test
    void cellsOfColumnBatchesGiveTheReportOfDirectUpdates(@TempDir Path dir) {
        SparkSession spark = JobTestSupport.spark();
        String table = dir.resolve("t").toString();
        rows(spark).coalesce(1).write().parquet(table);
        Dataset<Row> data = spark.read().parquet(table);
        JobConfig config = JobTestSupport.config(CONFIG);
        PassPlan plan = PassPlan.build(config, data);
        assertTrue(ColumnarInput.batches(plan.prepared()) != null, "a plain Parquet column selection reads batches");
        assertEquals(1, data.rdd().getNumPartitions());
        FusedPass.Result batches = FusedPass.run(spark, plan);
        Map<String, Row> combined = JobTestSupport.bySliceAndPrediction(batches.collect());
        assertTrue(batches.columnarInput());
        Map<String, Row> direct = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, rows(spark).repartition(60)));
        assertEquals((1 + 40 + 8 + 320 + 3001 + 4) * 6, combined.size());
        JobTestSupport.assertSameReport(direct, combined);
    }

    @Test
    void aSlotFitsItsFieldOfHalfAsManySlicesAgain() {
        assertEquals(2, CombinedSlicings.fieldBits(1));
        assertEquals(3, CombinedSlicings.fieldBits(3)); // slots 0-7 for 3 slices seen
        assertEquals(8, CombinedSlicings.fieldBits(100)); // 151 < 256
        assertEquals(11, CombinedSlicings.fieldBits(1000)); // 1501 < 2048
    }
}
