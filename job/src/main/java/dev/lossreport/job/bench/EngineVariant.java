package dev.lossreport.job.bench;

import dev.lossreport.job.config.ConfigLoader;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Losses;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/** lossreport's own engine: the job's plan and fused pass, producing the full report. */
final class EngineVariant implements Variant {
    private final SparkSession spark;
    private final BenchCase bench;
    private final JobConfig config;

    EngineVariant(SparkSession spark, BenchCase bench) {
        this.spark = spark;
        this.bench = bench;
        // The same config a user would write, through the job's own loader.
        List<Object> losses = new ArrayList<>();
        for (BenchLosses.BenchLoss l : bench.losses()) {
            String prediction = BenchCase.prediction(l);
            losses.add(prediction.equals("p") ? BenchCase.spec(l) : Map.of("name", BenchCase.spec(l), "prediction", prediction));
        }
        this.config = new ConfigLoader(null).put("input.path", bench.table()).put("prediction", "p").put("label", "y")
                .put("weight", "w").putList("group_by", bench.slicings()).putList("losses", losses)
                .put("output.path", "unused").load();
    }

    @Override
    public String name() {
        return "lossreport engine";
    }

    private Dataset<Row> report() {
        PassPlan plan = PassPlan.build(config, spark.read().parquet(bench.table()));
        return FusedPass.run(spark, plan).report();
    }

    /** The physical plans of the pass, for docs/performance.md. */
    String explain() {
        PassPlan plan = PassPlan.build(config, spark.read().parquet(bench.table()));
        return ((org.apache.spark.sql.classic.Dataset<Row>) plan.prepared()).queryExecution().executedPlan().toString();
    }

    @Override
    public void run() {
        report().write().format("noop").mode("overwrite").save();
    }

    @Override
    public Map<String, Double> values(long checkedGroups) {
        Map<String, Double> out = new HashMap<>();
        List<String> groups = bench.groupColumns();
        Dataset<Row> r = report();
        for (String g : groups) {
            r = r.filter(col(g).isNull().or(col(g).lt(checkedGroups)));
        }
        List<String> specs = bench.losses().stream().map(l -> Losses.parse(BenchCase.spec(l)).spec()).toList();
        for (Row row : r.collectAsList()) {
            String slicing = row.getString(0);
            Object value = slicing.equals("overall") ? null : row.get(row.fieldIndex(slicing));
            String spec = row.getString(row.fieldIndex("loss"));
            String prediction = row.getString(row.fieldIndex("prediction"));
            for (int i = 0; i < specs.size(); i++) {
                if (specs.get(i).equals(spec) && BenchCase.prediction(bench.losses().get(i)).equals(prediction)) {
                    int v = row.fieldIndex("value");
                    out.put(BenchCase.key(slicing, value, bench.losses().get(i).spec()), row.isNullAt(v) ? null : row.getDouble(v));
                }
            }
        }
        return out;
    }
}
