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
    private final int replicates;
    private final String name;

    EngineVariant(SparkSession spark, BenchCase bench) {
        this(spark, bench, 0);
    }

    /**
     * The engine on the case's first slicing alone (g1 and the overall slice), timed in the same
     * rounds as the full case so that the cost of the extra slicings is a ratio within one run.
     */
    static EngineVariant firstSlicingOnly(SparkSession spark, BenchCase bench) {
        BenchCase one = new BenchCase(bench.table(), bench.rows(), bench.groups(), bench.losses(), BenchCase.slicings(1));
        return new EngineVariant(spark, one, 0, ONE_SLICING);
    }

    static final String ONE_SLICING = "engine, first slicing only";

    /**
     * With {@code replicates} B > 0, every loss is also computed under B Poisson(1) bootstrap weights
     * w * k_b, k_b drawn from a hash of the row's values and b (so reruns agree): the cost of B = 20
     * replicates as today's engine computes them, one binding per replicate (an upper bound for a
     * replicate layout that would share each row's pointwise value across the B states).
     */
    EngineVariant(SparkSession spark, BenchCase bench, int replicates) {
        this(spark, bench, replicates, replicates == 0 ? "lossreport engine" : "engine, B=" + replicates + " bootstrap");
    }

    private EngineVariant(SparkSession spark, BenchCase bench, int replicates, String name) {
        this.spark = spark;
        this.name = name;
        this.bench = bench;
        this.replicates = replicates;
        // The same config a user would write, through the job's own loader.
        List<Object> losses = new ArrayList<>();
        for (BenchLosses.BenchLoss l : bench.losses()) {
            String prediction = BenchCase.prediction(l);
            losses.add(prediction.equals("p") ? BenchCase.spec(l) : Map.of("name", BenchCase.spec(l), "prediction", prediction));
            for (int b = 1; b <= replicates; b++) {
                // "y + 0 * b": the same label under its own name, so each replicate is its own report row.
                losses.add(Map.of("name", BenchCase.spec(l), "prediction", prediction, "label", "y + 0 * " + b,
                        "weight", "w * " + poissonOne("hash(g1, p, y, w, " + b + ")")));
            }
        }
        this.config = new ConfigLoader(null).put("input.path", bench.table()).put("prediction", "p").put("label", "y")
                .put("weight", "w").putList("group_by", bench.slicings()).putList("losses", losses)
                .put("output.path", "unused").load();
    }

    /** A Poisson(1) draw by inverting its CDF at a uniform taken from a 32-bit hash. */
    static String poissonOne(String hash) {
        String u = "(pmod(" + hash + ", 1000003) / 1000003.0)";
        double[] cdf = {0.36787944117144233, 0.7357588823428847, 0.9196986029286058, 0.9810118431238462,
                0.9963401531726563, 0.9994058151824183, 0.9999167588507119};
        StringBuilder k = new StringBuilder("CASE");
        for (int i = 0; i < cdf.length; i++) {
            k.append(" WHEN ").append(u).append(" < ").append(cdf[i]).append(" THEN ").append(i);
        }
        return k.append(" ELSE 7 END").toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean computes(String spec) {
        return replicates == 0; // replicate values are other numbers: not part of the agreement check
    }

    private FusedPass.Result pass() {
        PassPlan plan = PassPlan.build(config, spark.read().parquet(bench.table()));
        return FusedPass.run(spark, plan);
    }

    /** The physical plans of the pass, for docs/performance.md. */
    String explain() {
        PassPlan plan = PassPlan.build(config, spark.read().parquet(bench.table()));
        String scan = ((org.apache.spark.sql.classic.Dataset<Row>) plan.prepared()).queryExecution().executedPlan().toString();
        Dataset<Row> report = FusedPass.run(spark, plan).slices();
        String lineage = ((org.apache.spark.sql.classic.Dataset<Row>) report).queryExecution().toRdd().toDebugString();
        return "The scan stage one reads:\n" + scan + "\nThe pass's RDD lineage (stage one, shuffle by bucket of the slice, merge):\n" + lineage;
    }

    @Override
    public void run() {
        FusedPass.Result result = pass();
        result.slices().write().format("noop").mode("overwrite").save();
        result.overall().write().format("noop").mode("overwrite").save();
    }

    @Override
    public Map<String, Double> values(long checkedGroups) {
        Map<String, Double> out = new HashMap<>();
        List<String> groups = bench.groupColumns();
        FusedPass.Result result = pass();
        Dataset<Row> r = result.slices();
        for (String g : groups) {
            r = r.filter(col(g).isNull().or(col(g).lt(checkedGroups)));
        }
        List<String> specs = bench.losses().stream().map(l -> Losses.parse(BenchCase.spec(l)).spec()).toList();
        List<Row> rows = new ArrayList<>(r.collectAsList());
        rows.addAll(result.overall().collectAsList());
        for (Row row : rows) {
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
