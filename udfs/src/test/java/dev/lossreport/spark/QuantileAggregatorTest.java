package dev.lossreport.spark;

import dev.lossreport.loss.Evaluate;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Losses;
import dev.lossreport.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Quantile losses as Aggregators: exact over groups split across partitions, weighted and in SQL. */
class QuantileAggregatorTest {
    private static SparkSession spark;
    private static Dataset<Row> table;
    private static final List<double[]> ROWS = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        Random r = new Random(8);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            double p = r.nextGaussian();
            double y = i % 4 == 0 ? Math.rint(r.nextGaussian()) : r.nextGaussian();
            double w = r.nextInt(3);
            ROWS.add(new double[]{p, y, w, i % 3});
            rows.add(RowFactory.create(i % 3, p, y, w));
        }
        StructType schema = new StructType().add("g", DataTypes.IntegerType).add("p", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType).add("w", DataTypes.DoubleType);
        table = spark.createDataFrame(rows, schema).repartition(5);
        table.createOrReplaceTempView("quantile_rows");
    }

    private static double expected(String spec, int group, boolean weighted) {
        List<Example> rows = new ArrayList<>();
        for (double[] r : ROWS) {
            if (r[3] == group) {
                rows.add(Example.scalar(r[0], r[1], weighted ? r[2] : 1.0));
            }
        }
        return Evaluate.value(spec, rows);
    }

    @Test
    void groupsSplitAcrossPartitionsGiveTheExactQuantile() {
        for (String spec : List.of("median_absolute_error", "d2_pinball(alpha=0.8)", "d2_absolute_error(quantile_method=linear)")) {
            var agg = LossAggregator.of(Losses.parse(spec), true).udaf();
            List<Row> out = table.groupBy("g").agg(agg.apply(col("p"), col("y"), col("w")).alias("v")).orderBy("g").collectAsList();
            assertEquals(3, out.size());
            for (Row r : out) {
                assertEquals(expected(spec, r.getInt(0), true), r.getDouble(1), 1e-12, spec + " group " + r.getInt(0));
            }
        }
    }

    @Test
    void registeredByNameInSql() {
        LossFunctions.register(spark, "median_absolute_error", "medae");
        List<Row> out = spark.sql("SELECT g, medae(p, y) FROM quantile_rows GROUP BY g ORDER BY g").collectAsList();
        for (Row r : out) {
            assertEquals(expected("median_absolute_error", r.getInt(0), false), r.getDouble(1), 1e-12);
        }
    }
}
