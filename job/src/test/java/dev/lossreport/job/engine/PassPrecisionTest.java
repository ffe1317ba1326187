package dev.lossreport.job.engine;

import dev.lossreport.job.JobTestSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The precision edge cases of issue 5 through the job's pass (PrecisionTest has them on the loss
 * state alone), each on one partition and on several, so partial states are merged across partitions.
 */
class PassPrecisionTest {
    private static final int[] PARTITIONS = {1, 3};

    private static Dataset<Row> frame(StructType schema, List<Row> rows, int partitions) {
        return JobTestSupport.spark().createDataFrame(rows, schema).repartition(partitions);
    }

    private static double overall(String yaml, Dataset<Row> df, String loss) {
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.report(JobTestSupport.config(yaml), df));
        Row r = report.get("overall|" + loss);
        assertTrue(r != null && !r.isNullAt(r.fieldIndex("value")), loss + " in " + report.keySet());
        return r.getDouble(r.fieldIndex("value"));
    }

    private static final StructType PY = new StructType().add("p", DataTypes.DoubleType).add("y", DataTypes.DoubleType);

    @Test
    void compensatedMeanOfTwoToThe53AndOnes() {
        List<Row> rows = List.of(RowFactory.create(Math.pow(2, 53), 0.0), RowFactory.create(1.0, 0.0),
                RowFactory.create(1.0, 0.0), RowFactory.create(0.0, 0.0));
        for (int n : PARTITIONS) {
            // (2^53 + 2) / 4; a plain double sum loses both ones and gives 2251799813685248.0.
            assertEquals(2251799813685248.5, overall("prediction: p\nlabel: y\nlosses: [mean_error]\n",
                    frame(PY, rows, n), "mean_error"), 0.0, n + " partitions");
        }
    }

    @Test
    void r2OfLabelsShiftedByOneBillionEqualsUnshifted() {
        double[] y = {3, -0.5, 2, 7, 4.25, 1};
        double[] p = {2.5, 0.0, 2, 8, 4, 1.5};
        List<Row> plain = new ArrayList<>();
        List<Row> shifted = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            plain.add(RowFactory.create(p[i], y[i]));
            shifted.add(RowFactory.create(p[i] + 1e9, y[i] + 1e9));
        }
        // Hand-derived: SSE = 0.25 + 0.25 + 0 + 1 + 0.0625 + 0.25 = 1.8125; mean y = 16.75 / 6,
        // SST = sum y^2 - 6 * mean^2 = 81.3125 - 46.7604166... = 34.5520833...; R^2 = 1 - SSE / SST.
        double sst = 81.3125 - 16.75 * 16.75 / 6;
        double expected = 1 - 1.8125 / sst;
        String yaml = "prediction: p\nlabel: y\nlosses: [r2]\n";
        for (int n : PARTITIONS) {
            assertEquals(expected, overall(yaml, frame(PY, plain, n), "r2"), 1e-12, n + " partitions");
            assertEquals(expected, overall(yaml, frame(PY, shifted, n), "r2"), 1e-12, n + " partitions, shifted");
        }
    }

    @Test
    void varianceOfIdenticalLargeValuesIsExactlyZero() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(RowFactory.create(123456789.123 + 1e9, 0.0));
        }
        for (int n : PARTITIONS) {
            assertEquals(0.0, overall("prediction: p\nlabel: y\nlosses: [error_variance]\n", frame(PY, rows, n),
                    "error_variance"), 0.0, n + " partitions");
        }
    }

    @Test
    void float32PredictionsOfExactlyOneStayFiniteInLogLoss() {
        StructType schema = new StructType().add("p", DataTypes.FloatType).add("y", DataTypes.DoubleType);
        String yaml = "prediction: p\nlabel: y\nlosses: [bce]\n";
        for (int n : PARTITIONS) {
            double v = overall(yaml, frame(schema, List.of(RowFactory.create(1.0f, 0.0)), n), "bce(eps=1e-15)");
            // clipped to 1 - 1e-15: -log(1e-15) = 34.54, up to the rounding of 1 - 1e-15 in double
            assertTrue(Double.isFinite(v));
            assertEquals(-Math.log(1e-15), v, 0.01);
        }
        // The float just below 1 is widened exactly (0.99999994039535522...), not rounded to 1.
        float q = Math.nextDown(1.0f);
        double v = overall(yaml, frame(schema, List.of(RowFactory.create(q, 0.0)), 1), "bce(eps=1e-15)");
        assertEquals(-Math.log1p(-(double) q), v, 1e-12);
    }
}
