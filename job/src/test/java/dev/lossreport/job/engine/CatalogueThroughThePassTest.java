package dev.lossreport.job.engine;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.loss.Evaluate;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.Losses;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loss of the catalogue through the job's pass, the quantile stage included: one partition and
 * 32 give the same report, and each slice's value equals the loss evaluated on one machine over that
 * slice's rows (with its exact order statistics), for two slicings with a null group value, zero
 * weights and invalid rows.
 */
class CatalogueThroughThePassTest {
    /** One raw row of the test table. */
    record Raw(String g, Integer h, double p, double y, double w, double count, double[] probs, double cls) {
    }

    /** A loss of the config, with the columns it reads and the same row as the loss sees it. */
    record Case(String spec, String prediction, String label, Function<Raw, Example> example) {
    }

    private static final List<Raw> RAW = new ArrayList<>();
    private static Dataset<Row> data;

    private static Example scalar(double p, double y, Raw r) {
        return Example.scalar(p, y, r.w());
    }

    private static Example indexed(Raw r) {
        return Example.indexed(r.probs(), r.cls(), r.w());
    }

    private static double[] oneHot(Raw r) {
        double[] y = new double[3];
        y[(int) r.cls()] = 1;
        return y;
    }

    private static final List<Case> CASES = List.of(
            new Case("quantile(alpha=0.3)", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("mape", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("smape", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("msle", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("rmsle", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("poisson_deviance", "3 * p", "count", r -> scalar(3 * r.p(), r.count(), r)),
            new Case("gamma_deviance", "p", "y + 0.5", r -> scalar(r.p(), r.y() + 0.5, r)),
            new Case("tweedie_deviance(power=1.5)", "3 * p", "count", r -> scalar(3 * r.p(), r.count(), r)),
            new Case("poisson_nll", "3 * p", "count", r -> scalar(3 * r.p(), r.count(), r)),
            new Case("explained_variance", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("max_error", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("median_absolute_error", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("median_absolute_error(quantile_method=linear)", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("d2_absolute_error", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("d2_pinball(alpha=0.8)", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("d2_pinball(alpha=0.8,quantile_method=inverted_cdf)", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("d2_tweedie(power=1)", "3 * p", "count", r -> scalar(3 * r.p(), r.count(), r)),
            new Case("mean_prediction", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("mean_label", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("calibration", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("r2(through_origin=true)", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("hinge", "ln(p / (1 - p))", "y", r -> scalar(Math.log(r.p() / (1 - r.p())), r.y(), r)),
            new Case("squared_hinge", "ln(p / (1 - p))", "y", r -> scalar(Math.log(r.p() / (1 - r.p())), r.y(), r)),
            new Case("focal", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("focal(from_logits=true,alpha=0.3)", "ln(p / (1 - p))", "y",
                    r -> scalar(Math.log(r.p() / (1 - r.p())), r.y(), r)),
            new Case("accuracy", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("zero_one", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("hamming", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("d2_log_loss", "p", "y", r -> scalar(r.p(), r.y(), r)),
            new Case("categorical_focal", "probs", "cls", CatalogueThroughThePassTest::indexed),
            new Case("multiclass_hinge", "probs", "cls", CatalogueThroughThePassTest::indexed),
            new Case("categorical_hinge", "probs", "cls", CatalogueThroughThePassTest::indexed),
            new Case("top_k_accuracy", "probs", "cls", CatalogueThroughThePassTest::indexed),
            new Case("accuracy", "probs", "cls", CatalogueThroughThePassTest::indexed),
            new Case("d2_log_loss(num_classes=3)", "probs", "cls", CatalogueThroughThePassTest::indexed),
            new Case("kl_divergence", "probs", "array(IF(cls = 0, 1d, 0d), IF(cls = 1, 1d, 0d), IF(cls = 2, 1d, 0d))",
                    r -> Example.vectors(r.probs(), oneHot(r), r.w())),
            new Case("cosine_similarity", "probs", "array(IF(cls = 0, 1d, 0d), IF(cls = 1, 1d, 0d), IF(cls = 2, 1d, 0d))",
                    r -> Example.vectors(r.probs(), oneHot(r), r.w())));

    @BeforeAll
    static void setUp() {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double p = i % 97 == 3 ? Double.NaN : 0.01 + 0.98 * r.nextDouble();
            double y = i % 3 == 0 ? r.nextDouble() : (r.nextDouble() < 0.4 ? 1 : 0);
            double a = r.nextDouble() + 0.1;
            double b = r.nextDouble() + 0.1;
            double c = r.nextDouble() + 0.1;
            double s = a + b + c;
            Raw raw = new Raw("g" + r.nextInt(4), i % 11 == 0 ? null : r.nextInt(3), p, y, r.nextInt(4),
                    r.nextInt(6), new double[]{a / s, b / s, c / s}, r.nextInt(3));
            RAW.add(raw);
            rows.add(RowFactory.create(raw.g(), raw.h(), raw.p(), raw.y(), raw.w(), raw.count(), raw.probs(), raw.cls()));
        }
        StructType schema = new StructType().add("g", DataTypes.StringType).add("h", DataTypes.IntegerType)
                .add("p", DataTypes.DoubleType).add("y", DataTypes.DoubleType).add("w", DataTypes.DoubleType)
                .add("count", DataTypes.DoubleType).add("probs", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("cls", DataTypes.DoubleType);
        data = JobTestSupport.spark().createDataFrame(rows, schema);
    }

    private static JobConfig config() {
        StringBuilder yaml = new StringBuilder("weight: w\ngroup_by: [g, [g, h]]\nlosses:\n");
        for (Case c : CASES) {
            yaml.append("  - {name: \"").append(c.spec()).append("\", prediction: \"").append(c.prediction())
                    .append("\", label: \"").append(c.label()).append("\"}\n");
        }
        return JobTestSupport.config(yaml.toString());
    }

    private static String key(String slice, String g, Integer h, Case c) {
        Loss loss = Losses.parse(c.spec());
        return slice + (g == null ? "" : "|" + g) + (h == null ? "" : "|" + h) + "|" + loss.spec() + "@" + c.prediction();
    }

    @Test
    void oneAndManyPartitionsAgreeWithTheLossOnOneMachine() {
        JobConfig config = config();
        Map<String, Row> one = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, data.repartition(1)));
        Map<String, Row> many = JobTestSupport.bySliceAndPrediction(JobTestSupport.report(config, data.repartition(32)));
        assertEquals(one.keySet(), many.keySet());

        // The slices and their rows, as the job groups them: overall, g, and (g, h) with null h a slice.
        Map<String, List<Raw>> slices = new HashMap<>();
        for (Raw r : RAW) {
            slices.computeIfAbsent("overall", k -> new ArrayList<>()).add(r);
            slices.computeIfAbsent("g|" + r.g(), k -> new ArrayList<>()).add(r);
            slices.computeIfAbsent("g,h|" + r.g() + "|" + r.h(), k -> new ArrayList<>()).add(r);
        }
        assertEquals((1 + 4 + 4 * 4) * CASES.size(), one.size());
        int quantileRowsChecked = 0;
        for (Case c : CASES) {
            Loss loss = Losses.parse(c.spec());
            for (var slice : slices.entrySet()) {
                String[] parts = slice.getKey().split("\\|");
                String k = switch (parts[0]) {
                    case "overall" -> key("overall", null, null, c);
                    case "g" -> key("g", parts[1], null, c);
                    default -> key("g,h", parts[1], parts[2].equals("null") ? null : Integer.valueOf(parts[2]), c);
                };
                Row a = one.get(k);
                Row b = many.get(k);
                assertNotNull(a, k);
                List<Example> examples = slice.getValue().stream().map(c.example()).toList();
                double[] state = Evaluate.state(loss, examples);
                Double expected = loss.value(state, 0);
                assertEquals(Loss.rows(state, 0), a.getLong(a.fieldIndex("rows")), k);
                assertEquals(Loss.invalidRows(state, 0), a.getLong(a.fieldIndex("invalid_rows")), k);
                assertEquals(Loss.invalidRows(state, 0), b.getLong(b.fieldIndex("invalid_rows")), k);
                for (Row row : new Row[]{a, b}) {
                    int v = row.fieldIndex("value");
                    Double actual = row.isNullAt(v) ? null : row.getDouble(v);
                    if (expected == null || actual == null) {
                        assertEquals(expected, actual, k);
                    } else {
                        assertEquals(expected, actual, Math.abs(expected) * 1e-12, k);
                    }
                }
                if (c.spec().startsWith("median") || c.spec().startsWith("d2_pinball") || c.spec().startsWith("d2_abs")) {
                    assertTrue(Objects.nonNull(expected), k);
                    quantileRowsChecked++;
                }
            }
        }
        assertEquals(5 * 21, quantileRowsChecked);
    }
}
