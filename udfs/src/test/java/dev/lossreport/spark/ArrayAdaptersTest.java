package dev.lossreport.spark;

import dev.lossreport.loss.LossException;
import dev.lossreport.loss.Losses;
import dev.lossreport.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Losses lifted to arrays (multioutput, flatten, psnr) through SQL registration and the Aggregator. */
class ArrayAdaptersTest {

    @Test
    void liftedLossesAreSqlFunctionsOnArrays() {
        SparkSession spark = TestSpark.session();
        LossFunctions.register(spark, "rmse(multioutput=[1, 1])", "rmse_per_output");
        LossFunctions.register(spark, "mse(flatten=true)", "mse_pooled");
        LossFunctions.register(spark, "psnr", "psnr_images");
        // scikit-learn's docstring arrays: per-output MSE 1.25/3 and 1; rows of unequal length pool by element
        spark.sql("""
                SELECT * FROM VALUES (0, array(0.0D, 2.0D), array(0.5D, 1.0D)), (1, array(-1.0D, 2.0D), array(-1.0D, 1.0D)),
                                     (2, array(8.0D, -5.0D), array(7.0D, -6.0D)) AS t(i, p, y)""").createOrReplaceTempView("outputs");
        Row r = spark.sql("SELECT rmse_per_output(p, y), mse_pooled(p, y), psnr_images(p, y) FROM outputs").first();
        assertEquals((Math.sqrt(1.25 / 3) + 1) / 2, r.getDouble(0), 1e-15);
        assertEquals((0.25 + 1 + 0 + 1 + 1 + 1) / 6, r.getDouble(1), 1e-15);
        // per image: mse 0.625, 0.5, 1 -> 10 log10(1 / mse)
        assertEquals((10 * Math.log10(1 / 0.625) + 10 * Math.log10(2) + 0) / 3, r.getDouble(2), 1e-13);
        // first row's pointwise value: the mean of its squared errors over outputs
        assertEquals((0.25 + 1) / 2, spark.sql("SELECT rmse_per_output_pointwise(p, y) FROM outputs WHERE i = 0")
                .first().getDouble(0), 1e-15);

        LossException e = assertThrows(LossException.class, () -> LossAggregator.of(
                Losses.parse("mse(multioutput=raw_values,outputs=2)"),
                DataTypes.createArrayType(DataTypes.DoubleType), DataTypes.createArrayType(DataTypes.DoubleType), false));
        assertTrue(e.getMessage().contains("has one value per output and an Aggregator returns one"), e.getMessage());
    }
}
