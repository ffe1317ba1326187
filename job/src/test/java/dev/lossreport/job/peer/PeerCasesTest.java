package dev.lossreport.job.peer;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case of {@code ../shared/data/reference/peer-cases.jsonl} (scikit-learn, Keras, Spark MLlib,
 * TF-Ranking) is reproduced through the job's pass within the peer's tolerance, or is listed with
 * its reason in docs/conventions.md. A case that is neither fails the test, whether it maps to a
 * wrong value or to no loss at all; so does a listed case that is in fact reproduced (the list must
 * stay true).
 */
class PeerCasesTest {

    @Test
    void everyPeerCaseIsReproducedOrListed() throws IOException {
        List<PeerCase> cases = PeerCase.load(JobTestSupport.shared().resolve("data/reference/peer-cases.jsonl"));
        Map<String, String> listed = listedInConventions();
        List<String> failures = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        int reproduced = 0;
        // Cases that map to the same spec and shapes share one pass, grouped by case.
        Map<String, List<Object[]>> batches = new LinkedHashMap<>();
        for (PeerCase c : cases) {
            if (RankingPeerCases.handles(c)) {
                continue; // per query, below
            }
            PeerMapping.Mapped m;
            try {
                m = PeerMapping.map(c);
            } catch (PeerMapping.Unmapped u) {
                if (!listed.containsKey(c.id())) {
                    pending.add(c.id() + " (" + u.getMessage() + ")");
                }
                continue;
            }
            batches.computeIfAbsent(m.spec() + shapes(m), k -> new ArrayList<>()).add(new Object[]{c, m});
        }
        for (List<Object[]> batch : batches.values()) {
            Map<String, Double> values;
            try {
                values = run(batch);
            } catch (dev.lossreport.job.JobException e) {
                for (Object[] c : batch) {
                    if (!listed.containsKey(((PeerCase) c[0]).id())) {
                        pending.add(((PeerCase) c[0]).id() + " (" + e.getMessage() + ")");
                    }
                }
                continue;
            }
            for (Object[] e : batch) {
                PeerCase c = (PeerCase) e[0];
                reproduced += judge(c, values.get(c.id()), ((PeerMapping.Mapped) e[1]).spec(), listed, failures);
            }
        }
        List<PeerCase> ranking = cases.stream().filter(RankingPeerCases::handles).toList();
        Map<String, Double> rankingValues = RankingPeerCases.run(ranking);
        for (PeerCase c : ranking) {
            reproduced += judge(c, rankingValues.get(c.id()), RankingPeerCases.spec(c), listed, failures);
        }
        System.out.printf("peer cases: %d reproduced, %d listed in docs/conventions.md, of %d%n",
                reproduced, listed.size(), cases.size());
        for (String id : listed.keySet()) {
            assertTrue(cases.stream().anyMatch(c -> c.id().equals(id)), "docs/conventions.md lists unknown case " + id);
        }
        pending.forEach(p -> failures.add(p + ": maps to no loss and is not listed in docs/conventions.md"));
        if (!failures.isEmpty()) {
            fail(failures.size() + " peer cases neither reproduced nor listed:\n  " + String.join("\n  ", failures));
        }
    }

    /** 1 when the case is reproduced; a failure when it is neither reproduced nor listed, or reproduced but listed. */
    private static int judge(PeerCase c, Double v, String spec, Map<String, String> listed, List<String> failures) {
        boolean ok = agrees(c, v);
        if (ok && listed.containsKey(c.id())) {
            failures.add(c.id() + " is reproduced (" + v + ") but listed in docs/conventions.md as not");
        } else if (!ok && !listed.containsKey(c.id())) {
            failures.add(c.id() + ": " + spec + " gave " + v + ", peer expects "
                    + (c.expected() != null ? c.expected() : c.nonFinite()) + " +- " + c.tolerance());
        }
        return ok && !listed.containsKey(c.id()) ? 1 : 0;
    }

    private static boolean agrees(PeerCase c, Double v) {
        if (c.nonFinite() != null) {
            return switch (c.nonFinite()) {
                case "nan" -> v == null;
                case "inf" -> v != null && v == Double.POSITIVE_INFINITY;
                default -> v != null && v == Double.NEGATIVE_INFINITY;
            };
        }
        return v != null && Math.abs(v - c.expected()) <= c.tolerance();
    }

    /** What a batch's cases share beyond the spec: column shapes, array length, mask and class list. */
    private static String shapes(PeerMapping.Mapped m) {
        Object p = m.predictions().get(0);
        return "|" + (p instanceof double[] a ? a.length : -1) + (m.labels().get(0) instanceof double[])
                + (m.labels().get(0) instanceof String) + (m.weights() != null) + (m.masks() != null) + m.classes();
    }

    /** One pass over the cases of a batch, grouped by case id; returns the overall value per case. */
    private static Map<String, Double> run(List<Object[]> batch) {
        PeerMapping.Mapped first = (PeerMapping.Mapped) batch.get(0)[1];
        DataType pType = first.predictions().get(0) instanceof double[] ? DataTypes.createArrayType(DataTypes.DoubleType) : DataTypes.DoubleType;
        Object y0 = first.labels().get(0);
        DataType yType = y0 instanceof double[] ? DataTypes.createArrayType(DataTypes.DoubleType)
                : y0 instanceof String ? DataTypes.StringType : DataTypes.DoubleType;
        StructType schema = new StructType().add("case_id", DataTypes.StringType).add("p", pType).add("y", yType)
                .add("w", DataTypes.DoubleType).add("m", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (Object[] e : batch) {
            PeerCase c = (PeerCase) e[0];
            PeerMapping.Mapped m = (PeerMapping.Mapped) e[1];
            for (int i = 0; i < m.predictions().size(); i++) {
                rows.add(RowFactory.create(c.id(), m.predictions().get(i), m.labels().get(i),
                        m.weights() == null ? 1.0 : m.weights().get(i), m.masks() == null || m.masks().get(i)));
            }
        }
        Dataset<Row> df = JobTestSupport.spark().createDataFrame(rows, schema);
        JobConfig config = JobTestSupport.config("prediction: p\nlabel: y\nweight: w\ngroup_by: case_id\nlosses:\n  - \""
                + first.spec() + "\"\n" + (first.masks() == null ? "" : "mask: m\n")
                + (first.classes() == null ? "" : "classes: [\"" + String.join("\", \"", first.classes()) + "\"]\n"));
        Map<String, Double> out = new LinkedHashMap<>();
        for (Row r : JobTestSupport.report(config, df)) {
            if (r.getString(0).equals("case_id")) {
                int v = r.fieldIndex("value");
                out.put(r.getString(1), r.isNullAt(v) ? null : r.getDouble(v));
            }
        }
        return out;
    }

    /** Case ids listed in docs/conventions.md under "Peer cases not reproduced", with their reasons. */
    static Map<String, String> listedInConventions() throws IOException {
        Path doc = JobTestSupport.projectRoot().resolve("docs/conventions.md");
        Map<String, String> listed = new LinkedHashMap<>();
        boolean inSection = false;
        Pattern item = Pattern.compile("^- `([a-z0-9_.]+)`: (.+)$");
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Peer cases not reproduced");
                continue;
            }
            Matcher m = item.matcher(line);
            if (inSection && m.matches()) {
                listed.put(m.group(1), m.group(2));
            }
        }
        assertEquals(listed.size(), listed.values().stream().filter(r -> !r.isBlank()).count());
        return listed;
    }
}
