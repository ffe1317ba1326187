package dev.lossreport.job.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import dev.lossreport.job.data.PrepareData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped example {@code conf/examples/trec.yaml}, run by the CLI on the tables that
 * {@code prepare-data} writes from trec_eval's test files, reproduces trec_eval's own output
 * ({@code ../shared/data/raw/trec_eval/out.test}) to the 4 decimals printed there.
 */
class TrecParityTest {
    @TempDir
    static Path tmp;
    private static Path data;

    /** trec_eval's measure name to the loss of the example that computes it. */
    private static final Map<String, String> MEASURES = new LinkedHashMap<>();

    static {
        MEASURES.put("map", "map");
        for (int k : new int[]{5, 10, 15, 20, 30, 100, 200, 500, 1000}) {
            MEASURES.put("P_" + k, "precision(k=" + k + ")");
        }
        MEASURES.put("recip_rank", "mrr");
        MEASURES.put("Rprec", "r_precision");
        MEASURES.put("num_rel", "num_rel");
        MEASURES.put("num_ret", "num_ret");
        MEASURES.put("num_rel_ret", "num_rel_ret");
    }

    @BeforeAll
    static void prepare() {
        data = tmp.resolve("data");
        PrepareData.run(JobTestSupport.spark(), JobTestSupport.shared().resolve("data/raw"), data);
    }

    @Test
    void exampleReproducesTrecEvalsGoldenValues() throws IOException {
        Path out = tmp.resolve("reports/trec");
        int code = Main.execute("run", "--config", JobTestSupport.projectRoot().resolve("conf/examples/trec.yaml").toString(),
                "--set", "input.path=" + data.resolve("trec/run"), "--set", "labels.path=" + data.resolve("trec/qrels"),
                "--output", out.toString(), "--show", "1");
        assertEquals(0, code);
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(out.toString()).collectAsList());
        Map<String, String> golden = golden();
        assertEquals("3", golden.get("num_q"));
        for (var m : MEASURES.entrySet()) {
            String expected = golden.get(m.getKey());
            Row r = report.get("overall|" + m.getValue());
            assertTrue(r != null, m.getValue() + " not in the report");
            double v = r.getDouble(r.fieldIndex("value"));
            String printed = m.getKey().startsWith("num_") ? String.format(Locale.ROOT, "%.0f", v)
                    : String.format(Locale.ROOT, "%.4f", v);
            assertEquals(expected, printed, m.getKey() + " (" + m.getValue() + " = " + v + ")");
            assertEquals(3, r.getLong(r.fieldIndex("rows")), "trec_eval's num_q");
        }
        JsonNode run = new ObjectMapper().readTree(out.resolve("_run.json").toFile());
        assertEquals(3, run.at("/entities/count").asLong());
        assertEquals(1500, run.at("/inputs/join/matched_rows").asLong() + run.at("/inputs/join/prediction_rows_without_labels").asLong());
    }

    /** The README's graded variant: the same run against the judgments graded -1..4. */
    @Test
    void gradedJudgmentsRun() {
        Path out = tmp.resolve("reports/trec_graded");
        int code = Main.execute("run", "--config", JobTestSupport.projectRoot().resolve("conf/examples/trec.yaml").toString(),
                "--set", "input.path=" + data.resolve("trec/run"), "--labels", data.resolve("trec/qrels_graded").toString(),
                "--output", out.toString(), "--show", "1");
        assertEquals(0, code);
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(out.toString()).collectAsList());
        // qrels.rel_level grades 462 documents 1, 14 documents 2, 77 documents 3 and 6 documents 4.
        Row numRel = report.get("overall|num_rel");
        assertEquals(462 + 14 + 77 + 6, numRel.getDouble(numRel.fieldIndex("value")));
        Row ndcg = report.get("overall|ndcg(k=10,gain=exponential)");
        double v = ndcg.getDouble(ndcg.fieldIndex("value"));
        assertTrue(v > 0 && v < 1, "ndcg@10 " + v);
    }

    /** The README's flags-only ranking command. */
    @Test
    void flagsAloneRunARankingReport() {
        Path out = tmp.resolve("reports/ranking");
        int code = Main.execute("run", "--input", data.resolve("trec/run").toString(), "--labels", data.resolve("trec/qrels").toString(),
                "--join-key", "qid,docno", "--query", "qid", "--item", "docno", "--prediction", "score", "--label", "relevance",
                "--loss", "map", "--loss", "ndcg(k=10)", "--loss", "precision(k=5)", "--output", out.toString());
        assertEquals(0, code);
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(out.toString()).collectAsList());
        Row map = report.get("overall|map");
        assertEquals("0.1785", String.format(Locale.ROOT, "%.4f", map.getDouble(map.fieldIndex("value"))));
        // Without --item the ranking has no tie-break: a usage error.
        assertEquals(2, Main.execute("run", "--input", data.resolve("trec/run").toString(), "--query", "qid",
                "--prediction", "score", "--label", "rank", "--loss", "map", "--output", tmp.resolve("reports/none").toString()));
    }

    private static Map<String, String> golden() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(JobTestSupport.shared().resolve("data/raw/trec_eval/out.test"));
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[1].equals("all")) {
                m.put(f[0], f[2]);
            }
        }
        return m;
    }
}
