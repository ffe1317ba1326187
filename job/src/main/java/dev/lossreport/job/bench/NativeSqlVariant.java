package dev.lossreport.job.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The native reference: the losses as plain Spark SQL aggregate expressions in one GROUPING SETS
 * query over the same slices the report has. Also the typed-Aggregator variant, with the same query
 * calling one registered lossreport Aggregator per loss.
 */
final class NativeSqlVariant implements Variant {
    private final SparkSession spark;
    private final BenchCase bench;
    private final boolean aggregators;

    NativeSqlVariant(SparkSession spark, BenchCase bench, boolean aggregators) {
        this.spark = spark;
        this.bench = bench;
        this.aggregators = aggregators;
        spark.read().parquet(bench.table()).createOrReplaceTempView("bench");
        if (aggregators) {
            for (int i = 0; i < bench.losses().size(); i++) {
                dev.lossreport.spark.LossFunctions.register(spark, BenchCase.spec(bench.losses().get(i)), "bench_loss_" + i);
            }
        }
    }

    @Override
    public String name() {
        return aggregators ? "typed Aggregator per loss" : "native Spark SQL";
    }

    private Dataset<Row> query() {
        return query(Long.MAX_VALUE);
    }

    private Dataset<Row> query(long checkedGroups) {
        List<String> select = new ArrayList<>();
        List<String> groups = bench.groupColumns();
        select.addAll(groups);
        for (String g : groups) {
            select.add("grouping(" + g + ") AS grouping_" + g);
        }
        for (int i = 0; i < bench.losses().size(); i++) {
            BenchLosses.BenchLoss l = bench.losses().get(i);
            String expr;
            if (aggregators) {
                String p = BenchCase.prediction(l);
                expr = BenchCase.spec(l).startsWith("nll") ? "bench_loss_" + i + "_weighted(" + p + ", w)"
                        : "bench_loss_" + i + "_weighted(" + p + ", y, w)";
            } else {
                expr = l.sql();
            }
            select.add(expr + " AS l" + i);
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM bench GROUP BY " + bench.groupingSets();
        if (checkedGroups < Long.MAX_VALUE) {
            List<String> keep = new ArrayList<>();
            groups.forEach(g -> keep.add("(grouping_" + g + " = 1 OR " + g + " < " + checkedGroups + ")"));
            sql = "SELECT * FROM (" + sql + ") WHERE " + String.join(" AND ", keep);
        }
        return spark.sql(sql);
    }

    @Override
    public void run() {
        query().write().format("noop").mode("overwrite").save();
    }

    @Override
    public Map<String, Double> values(long checkedGroups) {
        Map<String, Double> out = new HashMap<>();
        List<String> groups = bench.groupColumns();
        for (Row r : query(checkedGroups).collectAsList()) {
            String slicing = "overall";
            Object value = null;
            for (int g = 0; g < groups.size(); g++) {
                if (((Number) r.get(groups.size() + g)).intValue() == 0) { // grouping() = 0: the column is grouped
                    slicing = groups.get(g);
                    value = r.get(g);
                }
            }
            for (int i = 0; i < bench.losses().size(); i++) {
                int c = 2 * groups.size() + i;
                out.put(BenchCase.key(slicing, value, bench.losses().get(i).spec()), r.isNullAt(c) ? null : r.getDouble(c));
            }
        }
        return out;
    }
}
