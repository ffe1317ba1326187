package dev.lossreport.spark;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossException;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed UDF and Aggregator adapters and the SQL registration, against the pure Java losses. */
class SparkAdaptersTest {
    private static SparkSession spark;
    private static Dataset<Row> table;
    private static final List<double[]> ROWS = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        LossFunctions.register(spark);
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double p = r.nextDouble();
            double y = r.nextInt(2);
            double w = 1 + r.nextInt(3);
            double[] probs = {0.2, 0.5, 0.3};
            int cls = r.nextInt(3);
            ROWS.add(new double[]{p, y, w, i % 3, cls});
            rows.add(RowFactory.create(i % 3, p, (int) y, w, probs, (double) cls));
        }
        rows.add(RowFactory.create(0, Double.NaN, 1, 1.0, new double[]{0.2, 0.5, 0.3}, 9.0));
        StructType schema = new StructType().add("g", DataTypes.IntegerType).add("p", DataTypes.DoubleType)
                .add("y", DataTypes.IntegerType).add("w", DataTypes.DoubleType)
                .add("probs", DataTypes.createArrayType(DataTypes.DoubleType)).add("cls", DataTypes.DoubleType);
        table = spark.createDataFrame(rows, schema).repartition(3);
        table.createOrReplaceTempView("t");
    }

    private static double expected(String spec, Integer group, boolean weighted) {
        Loss loss = Losses.parse(spec);
        double[] s = new double[loss.width()];
        for (double[] r : ROWS) {
            if (group == null || r[3] == group) {
                loss.update(s, 0, Example.scalar(r[0], r[1], weighted ? r[2] : 1.0));
            }
        }
        return loss.value(s, 0);
    }

    @Test
    void aggregatorInDataFrameCodeMatchesTheLoss() {
        var bce = LossAggregator.of(Losses.parse("bce"), DataTypes.DoubleType, DataTypes.DoubleType, true).udaf();
        List<Row> out = table.groupBy("g").agg(bce.apply(col("p"), col("y"), col("w")).alias("v")).orderBy("g").collectAsList();
        assertEquals(3, out.size());
        for (Row r : out) {
            assertEquals(expected("bce", r.getInt(0), true), r.getDouble(1), 1e-12);
        }
    }

    @Test
    void registeredFunctionsWorkByNameInSql() {
        Row r = spark.sql("SELECT mse(p, y), r2_weighted(p, y, w), huber(p, y), cce(probs, cls), mse_pointwise(0.5, 1)"
                + " FROM t").first();
        assertEquals(expected("mse", null, false), r.getDouble(0), 1e-12);
        assertEquals(expected("r2", null, true), r.getDouble(1), 1e-12);
        assertEquals(expected("huber", null, false), r.getDouble(2), 1e-12);
        double[] probs = {0.2, 0.5, 0.3};
        double cce = ROWS.stream().mapToDouble(x -> -Math.log(probs[(int) x[4]])).sum() / ROWS.size();
        assertEquals(cce, r.getDouble(3), 1e-12);
        assertEquals(0.25, r.getDouble(4), 0.0);
    }

    @Test
    void parameterisedSpecsRegisterUnderTheirOwnName() {
        LossFunctions.register(spark, "huber(delta=0.1)", "huber_tight");
        Row r = spark.sql("SELECT huber_tight(p, y) FROM t").first();
        assertEquals(expected("huber(delta=0.1)", null, false), r.getDouble(0), 1e-12);
    }

    @Test
    void pointwiseUdfGivesNullOutsideTheDomain() {
        List<Row> rows = spark.sql("SELECT bce_pointwise(p, y) FROM t WHERE isnan(p)").collectAsList();
        assertEquals(1, rows.size());
        assertNull(rows.get(0).get(0));
        var udf = LossUdfs.pointwise(Losses.parse("cce"), DataTypes.createArrayType(DataTypes.DoubleType), DataTypes.DoubleType);
        Row r = table.select(udf.apply(col("probs"), col("cls"))).filter("cls = 1").first();
        assertEquals(-Math.log(0.5), r.getDouble(0), 1e-15);
    }

    @Test
    void invalidRowsDoNotReachTheValue() {
        // The NaN row is in group 0; the value over the valid rows is unchanged.
        Row r = spark.sql("SELECT mse(p, y) FROM t WHERE g = 0").first();
        assertEquals(expected("mse", 0, false), r.getDouble(0), 1e-12);
    }

    @Test
    void wrongArityAndTypesAreClearErrors() {
        Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT mse(p) FROM t"));
        assertTrue(e.getMessage().contains("mse(prediction, label) takes 2 arguments, got 1"), e.getMessage());
        LossException le = assertThrows(LossException.class,
                () -> LossAggregator.of(Losses.parse("cce"), DataTypes.DoubleType, DataTypes.DoubleType, false));
        assertTrue(le.getMessage().startsWith("loss 'cce(eps=1e-15)' accepts prediction array<number>"), le.getMessage());
        le = assertThrows(LossException.class, () -> LossFunctions.register(spark, "mse", "avg"));
        assertEquals("'avg' is a built-in Spark SQL function; register the loss under another name", le.getMessage());
        le = assertThrows(LossException.class, () -> LossFunctions.register(spark, "ndcg", "my_ndcg"));
        assertTrue(le.getMessage().startsWith("loss 'ndcg(gain=exponential)' is computed per query"), le.getMessage());
    }

    @Test
    void registerAllGivesThreeFunctionsPerLoss() {
        List<String> names = LossFunctions.register(spark);
        long perRow = Losses.list().stream().filter(t -> !LossFunctions.perEntity(t)).count();
        assertEquals(3 * perRow, names.size());
        for (String name : names) {
            assertTrue(spark.catalog().functionExists(name), name);
        }
    }
}
