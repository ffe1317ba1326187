package dev.lossreport.job.bench;

import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The floor: reading every column the losses and slicings need, row by row, and nothing else. */
final class ScanVariant implements Variant {
    private final SparkSession spark;
    private final BenchCase bench;

    ScanVariant(SparkSession spark, BenchCase bench) {
        this.spark = spark;
        this.bench = bench;
    }

    @Override
    public String name() {
        return "bare scan";
    }

    @Override
    public void run() {
        List<String> cols = new ArrayList<>(bench.groupColumns());
        cols.addAll(List.of("p", "y", "w", "x"));
        spark.read().parquet(bench.table()).selectExpr(cols.toArray(String[]::new))
                .write().format("noop").mode("overwrite").save();
    }

    @Override
    public Map<String, Double> values(long checkedGroups) {
        return Map.of();
    }

    @Override
    public boolean computes(String spec) {
        return false;
    }
}
