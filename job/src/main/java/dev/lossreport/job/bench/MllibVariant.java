package dev.lossreport.job.bench;

import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * What a user writes today without lossreport: Spark MLlib's RegressionEvaluator, once per slice and
 * metric. It offers only mse, rmse and mae of the benchmark's losses; run for small G only.
 */
final class MllibVariant implements Variant {
    private static final Map<String, String> METRICS = Map.of("mse", "mse", "rmse", "rmse", "mae", "mae");

    private final Dataset<Row> table;
    private final BenchCase bench;

    MllibVariant(SparkSession spark, BenchCase bench) {
        this.table = spark.read().parquet(bench.table());
        this.bench = bench;
    }

    @Override
    public String name() {
        return "MLlib evaluator loop";
    }

    @Override
    public boolean once() {
        return true;
    }

    @Override
    public boolean computes(String spec) {
        return METRICS.containsKey(spec);
    }

    private Map<String, Double> evaluate(long limit) {
        Map<String, Double> out = new HashMap<>();
        evaluateSlice(out, "overall", null, table);
        for (List<String> s : bench.slicings()) {
            String c = s.get(0);
            long groups = c.equals("g1") ? bench.groups() : c.equals("g2") ? 100 : c.equals("g3") ? 10 : 1000;
            for (long g = 0; g < Math.min(groups, limit); g++) {
                evaluateSlice(out, c, g, table.filter(col(c).equalTo(g)));
            }
        }
        return out;
    }

    private void evaluateSlice(Map<String, Double> out, String slicing, Long group, Dataset<Row> rows) {
        for (BenchLosses.BenchLoss l : bench.losses()) {
            String metric = METRICS.get(l.spec());
            if (metric != null) {
                double v = new RegressionEvaluator().setPredictionCol("p").setLabelCol("y").setWeightCol("w")
                        .setMetricName(metric).evaluate(rows);
                out.put(BenchCase.key(slicing, group, l.spec()), v);
            }
        }
    }

    @Override
    public void run() {
        evaluate(Long.MAX_VALUE);
    }

    @Override
    public Map<String, Double> values(long checkedGroups) {
        return evaluate(checkedGroups);
    }
}
