package dev.lossreport.job.replicates;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.LossReportJob;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bias and variance decomposition over replicate predictions through the job's pass, against
 * values derived by hand: one table of (example, replicate, prediction, label), and predictions and
 * labels as two tables joined on the example key.
 */
class BiasVariancePassTest {
    @TempDir
    Path tmp;

    private static final StructType REPLICATES = new StructType().add("id", DataTypes.IntegerType)
            .add("model", DataTypes.StringType).add("p", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
            .add("w", DataTypes.DoubleType);

    private static final String DECOMPOSITION = """
            example: id
            replicate: model
            prediction: p
            label: y
            losses: [expected_loss, bias, variance,
                     "expected_loss(loss=zero_one)", "bias(loss=zero_one)", "variance(loss=zero_one)"]
            """;

    /**
     * Example 1: y = 1, predictions 0, 1, 2, 3 (weight 3). Example 2: y = 0, predictions 1, 1
     * (weight 1). Example 3 has no label and does not count.
     */
    private static Dataset<Row> regression() {
        List<Row> rows = new ArrayList<>();
        String[] models = {"a", "b", "c", "d"};
        for (int r = 0; r < 4; r++) {
            rows.add(RowFactory.create(1, models[r], (double) r, 1.0, 3.0));
        }
        rows.add(RowFactory.create(2, "a", 1.0, 0.0, 1.0));
        rows.add(RowFactory.create(2, "b", 1.0, 0.0, 1.0));
        rows.add(RowFactory.create(3, "a", 1.0, null, 1.0));
        return JobTestSupport.spark().createDataFrame(rows, REPLICATES);
    }

    @Test
    void squaredLossDecomposesIntoBiasAndVariance() {
        Map<String, Row> r = JobTestSupport.bySlice(JobTestSupport.report(JobTestSupport.config(DECOMPOSITION), regression()));
        // Example 1: mean 1.5; expected (1 + 0 + 1 + 4) / 4 = 1.5, bias^2 0.25, variance 5 / 4.
        // Example 2: expected 1, bias^2 1, variance 0.
        assertEquals((1.5 + 1) / 2, value(r, "overall|expected_loss(loss=squared)"), 1e-15);
        assertEquals((0.25 + 1) / 2, value(r, "overall|bias(loss=squared)"), 1e-15);
        assertEquals((1.25 + 0) / 2, value(r, "overall|variance(loss=squared)"), 1e-15);
        Row e = r.get("overall|expected_loss(loss=squared)");
        assertEquals(2, e.getLong(e.fieldIndex("rows")));
        assertEquals(1, e.getLong(e.fieldIndex("invalid_rows")));
        // 0-1 on the same numbers: example 1's predictions tie, so the mode is the smallest, 0.
        assertEquals((3 / 4.0 + 1) / 2, value(r, "overall|expected_loss(loss=zero_one)"), 1e-15);
        assertEquals((1 + 1) / 2.0, value(r, "overall|bias(loss=zero_one)"), 1e-15);
        assertEquals((3 / 4.0 + 0) / 2, value(r, "overall|variance(loss=zero_one)"), 1e-15);
    }

    @Test
    void exampleWeights() {
        Map<String, Row> r = JobTestSupport.bySlice(JobTestSupport.report(
                JobTestSupport.config(DECOMPOSITION + "weight: w\n"), regression()));
        assertEquals((3 * 1.5 + 1) / 4, value(r, "overall|expected_loss(loss=squared)"), 1e-15);
        assertEquals((3 * 0.25 + 1) / 4, value(r, "overall|bias(loss=squared)"), 1e-15);
        assertEquals((3 * 1.25 + 0) / 4, value(r, "overall|variance(loss=squared)"), 1e-15);
    }

    @Test
    void predictionsAndLabelsAsTwoTablesJoinedOnTheExample() throws Exception {
        var spark = JobTestSupport.spark();
        // Class labels: example 4 (y = 2, predictions 2, 2, 1), example 5 (y = 0, predictions 1, 0, 1, 0: a tie,
        // mode 0), example 6 has predictions but no label, example 7 a label but no prediction.
        StructType predictions = new StructType().add("id", DataTypes.IntegerType).add("model", DataTypes.IntegerType)
                .add("p", DataTypes.IntegerType);
        List<Row> p = new ArrayList<>(List.of(RowFactory.create(4, 1, 2), RowFactory.create(4, 2, 2), RowFactory.create(4, 3, 1),
                RowFactory.create(5, 1, 1), RowFactory.create(5, 2, 0), RowFactory.create(5, 3, 1), RowFactory.create(5, 4, 0),
                RowFactory.create(6, 1, 1)));
        spark.createDataFrame(p, predictions).write().parquet(tmp.resolve("predictions").toString());
        StructType labels = new StructType().add("id", DataTypes.IntegerType).add("y", DataTypes.IntegerType);
        spark.createDataFrame(List.of(RowFactory.create(4, 2), RowFactory.create(5, 0), RowFactory.create(7, 1)), labels)
                .write().parquet(tmp.resolve("labels").toString());
        JobConfig config = JobTestSupport.config("input: " + tmp.resolve("predictions") + "\nlabels: {path: "
                + tmp.resolve("labels") + ", join_key: id}\n" + DECOMPOSITION.replace("example: id\n", "")
                + "output: {path: " + tmp.resolve("report") + "}\n");
        assertEquals(List.of("id"), config.entity().key(), "the example defaults to the join key");
        LossReportJob.Outcome outcome = LossReportJob.run(spark, config);
        Map<String, Row> r = JobTestSupport.bySlice(spark.read().parquet(outcome.reportPath()).collectAsList());
        assertEquals((1 / 3.0 + 2 / 4.0) / 2, value(r, "overall|expected_loss(loss=zero_one)"), 1e-15);
        assertEquals(0.0, value(r, "overall|bias(loss=zero_one)"));
        assertEquals((1 / 3.0 + 2 / 4.0) / 2, value(r, "overall|variance(loss=zero_one)"), 1e-15);
        Row b = r.get("overall|bias(loss=zero_one)");
        assertEquals(2, b.getLong(b.fieldIndex("rows")));
        assertEquals(2, b.getLong(b.fieldIndex("invalid_rows")));
        assertEquals(4, outcome.summary().tree().at("/entities/count").asLong());
        assertEquals(1, outcome.summary().tree().at("/entities/without_labels").asLong());
    }

    /** With equal replicate counts the mean over examples of the mean over replicates is mlxtend's mean over all predictions. */
    @Test
    void agreesWithMlxtendsArrayFormulasAndPartitioning() {
        Random random = new Random(23);
        int examples = 400;
        int rounds = 7;
        double[][] all = new double[rounds][examples];
        double[] y = new double[examples];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < examples; i++) {
            y[i] = random.nextGaussian() * 3 + 10;
            for (int k = 0; k < rounds; k++) {
                all[k][i] = y[i] + random.nextGaussian() + 0.5;
                rows.add(RowFactory.create(i, "m" + k, all[k][i], y[i], 1.0));
            }
        }
        // mlxtend: avg_expected_loss = mean over rounds of mean over examples of (p - y)^2;
        // avg_bias = sum((mean_k p - y)^2) / n; avg_var = sum((mean_k p - p)^2) / all_pred.size.
        double expected = 0;
        double bias = 0;
        double variance = 0;
        for (int i = 0; i < examples; i++) {
            double mean = 0;
            for (int k = 0; k < rounds; k++) {
                mean += all[k][i] / rounds;
                expected += (all[k][i] - y[i]) * (all[k][i] - y[i]) / (rounds * (double) examples);
            }
            bias += (mean - y[i]) * (mean - y[i]) / examples;
            for (int k = 0; k < rounds; k++) {
                variance += (mean - all[k][i]) * (mean - all[k][i]) / (rounds * (double) examples);
            }
        }
        Dataset<Row> df = JobTestSupport.spark().createDataFrame(rows, REPLICATES);
        JobConfig config = JobTestSupport.config(DECOMPOSITION);
        Map<String, Row> one = JobTestSupport.bySlice(JobTestSupport.report(config, df.repartition(1)));
        Map<String, Row> many = JobTestSupport.bySlice(JobTestSupport.report(config, df.repartition(9)));
        assertEquals(expected, value(one, "overall|expected_loss(loss=squared)"), expected * 1e-12);
        assertEquals(bias, value(one, "overall|bias(loss=squared)"), bias * 1e-12);
        assertEquals(variance, value(one, "overall|variance(loss=squared)"), variance * 1e-12);
        for (String k : one.keySet()) {
            assertEquals(value(one, k), value(many, k), Math.abs(value(one, k)) * 1e-12, k);
        }
    }

    private static double value(Map<String, Row> report, String key) {
        Row r = report.get(key);
        assertTrue(r != null && !r.isNullAt(r.fieldIndex("value")), key + " in " + report.keySet());
        return r.getDouble(r.fieldIndex("value"));
    }
}
