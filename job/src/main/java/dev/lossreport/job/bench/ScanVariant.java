package dev.lossreport.job.bench;

import dev.lossreport.job.engine.ColumnarInput;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The floor: reading the columns the losses and slicings need as the engine's stage one reads them
 * (the vectorized Parquet reader's column batches, every column decoded), and nothing else.
 */
final class ScanVariant implements Variant {
    static final String NAME = "bare scan";
    static final String FIRST_SLICING_ONLY = "bare scan, first slicing only";

    private final SparkSession spark;
    private final BenchCase bench;
    private final String name;

    ScanVariant(SparkSession spark, BenchCase bench) {
        this(spark, bench, NAME);
    }

    private ScanVariant(SparkSession spark, BenchCase bench, String name) {
        this.spark = spark;
        this.bench = bench;
        this.name = name;
    }

    /** The columns of the case's first slicing alone, timed in the same rounds: the floor of the extra slicings. */
    static ScanVariant firstSlicingOnly(SparkSession spark, BenchCase bench) {
        BenchCase one = new BenchCase(bench.table(), bench.rows(), bench.groups(), bench.losses(), BenchCase.slicings(1));
        return new ScanVariant(spark, one, FIRST_SLICING_ONLY);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run() {
        List<String> cols = new ArrayList<>(bench.groupColumns());
        cols.addAll(List.of("y", "w"));
        bench.losses().stream().map(BenchCase::prediction).distinct().forEach(cols::add);
        Dataset<Row> projected = spark.read().parquet(bench.table()).selectExpr(cols.toArray(String[]::new));
        RDD<ColumnarBatch> batches = ColumnarInput.batches(projected);
        if (batches == null) {
            throw new IllegalStateException("the bench table's scan is not vectorized: " + bench.table());
        }
        long read = batches.toJavaRDD().map(b -> (long) b.numRows()).reduce(Long::sum);
        if (read != bench.rows()) {
            throw new IllegalStateException("the scan read " + read + " rows of " + bench.rows());
        }
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
