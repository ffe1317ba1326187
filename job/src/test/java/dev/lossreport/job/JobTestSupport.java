package dev.lossreport.job;

import dev.lossreport.job.config.ConfigLoader;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for the job's tests: configs from YAML text, a pass over a DataFrame, the shared data. */
public final class JobTestSupport {
    private JobTestSupport() {
    }

    public static SparkSession spark() {
        return TestSpark.session();
    }

    /** A config from YAML text; input and output paths are placeholders unless the text sets them. */
    public static JobConfig config(String yaml) {
        try {
            Path f = Files.createTempFile("lossreport", ".yaml");
            Files.writeString(f, yaml);
            ConfigLoader l = new ConfigLoader(f);
            if (!yaml.contains("input:")) {
                l.put("input.path", "unused");
            }
            return l.load();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the pass over a DataFrame (no files) and returns the report rows. */
    public static List<Row> report(JobConfig config, Dataset<Row> input) {
        PassPlan plan = PassPlan.build(config, input);
        return FusedPass.run(spark(), plan).collect();
    }

    /**
     * Report rows by "slice|group values|loss", e.g. "season|1920|mse", with "#k" for output k of a
     * per-output loss; each key must be unique.
     */
    public static Map<String, Row> bySlice(List<Row> rows) {
        return index(rows, false);
    }

    /**
     * Two reports (by {@link #bySliceAndPrediction}) have the same slices and losses, the same counts,
     * and values and weight sums within 1e-12 relative (1e-14 absolute near 0).
     */
    public static void assertSameReport(Map<String, Row> expected, Map<String, Row> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
        for (var e : expected.entrySet()) {
            Row y = e.getValue();
            Row x = actual.get(e.getKey());
            for (String f : List.of("rows", "invalid_rows", "masked_rows")) {
                org.junit.jupiter.api.Assertions.assertEquals(y.getLong(y.fieldIndex(f)), x.getLong(x.fieldIndex(f)), e.getKey() + " " + f);
            }
            for (String f : List.of("value", "weight_sum")) {
                int v = y.fieldIndex(f);
                org.junit.jupiter.api.Assertions.assertEquals(y.isNullAt(v), x.isNullAt(v), e.getKey() + " " + f);
                if (!y.isNullAt(v)) {
                    org.junit.jupiter.api.Assertions.assertEquals(y.getDouble(v), x.getDouble(v),
                            Math.max(Math.abs(y.getDouble(v)) * 1e-12, 1e-14), e.getKey() + " " + f);
                }
            }
        }
    }

    /** Report rows by "slice|group values|loss@prediction", for runs that score several columns. */
    public static Map<String, Row> bySliceAndPrediction(List<Row> rows) {
        return index(rows, true);
    }

    private static Map<String, Row> index(List<Row> rows, boolean withPrediction) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : rows) {
            int loss = r.fieldIndex("loss");
            StringBuilder k = new StringBuilder(r.getString(0));
            for (int i = 1; i < loss; i++) {
                if (!r.isNullAt(i)) {
                    k.append('|').append(r.get(i));
                }
            }
            k.append('|').append(r.getString(loss));
            int output = r.fieldIndex("output");
            if (!r.isNullAt(output)) {
                k.append('#').append(r.getInt(output));
            }
            if (withPrediction) {
                k.append('@').append(r.getString(r.fieldIndex("prediction")));
            }
            if (m.put(k.toString(), r) != null) {
                throw new IllegalStateException("two report rows for " + k);
            }
        }
        return m;
    }

    /** {@code ../shared} beside the project root (or -Dlossreport.shared). */
    public static Path shared() {
        String override = System.getProperty("lossreport.shared");
        if (override != null) {
            return Path.of(override);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("../shared not found beside the project: clone it beside ../shared, or run the tests with"
                + " -Dlossreport.shared=/path/to/shared");
    }

    /** The project root (the folder with conf/ and deploy/). */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("project root not found");
        }
        return dir;
    }
}
