package dev.lossreport.job.ranking;

import dev.lossreport.job.JobException;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.LossReportJob;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ranking through the job's pass: the edge cases of issue 4 on a table of (query, item, score,
 * relevance), two tables joined on (query, item), query weights and query-level slices, partition
 * invariance, long lists near the configured limit, and the errors.
 */
class RankingPassTest {
    @TempDir
    Path tmp;

    private static final StructType ITEMS = new StructType().add("q", DataTypes.StringType).add("item", DataTypes.StringType)
            .add("score", DataTypes.DoubleType).add("rel", DataTypes.IntegerType)
            .add("seg", DataTypes.StringType).add("w", DataTypes.DoubleType);

    private static final String RANKING = """
            query: q
            item: item
            prediction: score
            label: rel
            """;

    /**
     * short: a perfect list of 2 (ndcg@10 = 1); many: 6 relevant items in order (ndcg@3 = 1);
     * none: no relevant item (0, counted); tied: all scores equal, the relevant item x is ranked last
     * (item id descending: z, y, x); judged: only in the judgments (no score); unjudged: no judgment.
     */
    private static Dataset<Row> edgeCases() {
        List<Row> rows = new ArrayList<>(List.of(
                RowFactory.create("short", "a", 2.0, 1, "A", 1.0), RowFactory.create("short", "b", 1.0, 1, "A", 1.0),
                RowFactory.create("none", "a", 2.0, 0, "A", 1.0), RowFactory.create("none", "b", 1.0, 0, "A", 1.0),
                RowFactory.create("tied", "x", 1.0, 1, "B", 4.0), RowFactory.create("tied", "y", 1.0, 0, "B", 4.0),
                RowFactory.create("tied", "z", 1.0, 0, "B", 4.0),
                RowFactory.create("judged", "p", null, 1, "B", 1.0), RowFactory.create("judged", "r", null, 0, "B", 1.0),
                RowFactory.create("unjudged", "a", 2.0, null, "B", 1.0), RowFactory.create("unjudged", "b", 1.0, null, "B", 1.0)));
        for (int i = 0; i < 6; i++) {
            rows.add(RowFactory.create("many", "i" + i, 10.0 - i, 1, "A", 2.0));
        }
        return JobTestSupport.spark().createDataFrame(rows, ITEMS);
    }

    @Test
    void edgeCasesOfIssueFour() {
        JobConfig config = JobTestSupport.config(RANKING + """
                group_by: [q]
                losses: ["ndcg(k=10)", "ndcg(k=3)", "precision(k=3)", "recall(k=3)", mrr, map, num_ret, num_rel]
                """);
        Map<String, Row> r = JobTestSupport.bySlice(JobTestSupport.report(config, edgeCases()));
        assertEquals(1.0, value(r, "q|short|ndcg(k=10,gain=exponential)"), 1e-15);
        assertEquals(1.0, value(r, "q|many|ndcg(k=3,gain=exponential)"), 1e-15);
        assertEquals(1.0, value(r, "q|many|precision(k=3)"), 1e-15);
        assertEquals(0.5, value(r, "q|many|recall(k=3)"), 1e-15);
        assertEquals(0.0, value(r, "q|none|ndcg(k=10,gain=exponential)"));
        assertEquals(0.0, value(r, "q|none|map"));
        assertEquals(1, rows(r, "q|none|map"));
        assertEquals(1 / 3.0, value(r, "q|tied|mrr"), 1e-15);
        assertEquals(0.5, value(r, "q|tied|ndcg(k=10,gain=exponential)"), 1e-15); // 1 / log2(4)
        assertEquals(0.0, value(r, "q|judged|map"));
        assertEquals(0.0, value(r, "q|judged|num_ret"));
        assertEquals(1.0, value(r, "q|judged|num_rel"));
        Row unjudged = r.get("q|unjudged|map");
        assertTrue(unjudged.isNullAt(unjudged.fieldIndex("value")));
        assertEquals(1, invalid(r, "q|unjudged|map"));
        // Overall: the mean over the 5 queries that count; the unjudged one is counted as invalid.
        assertEquals((1 + 1 + 0 + 0.5 + 0) / 5, value(r, "overall|ndcg(k=10,gain=exponential)"), 1e-15);
        assertEquals(5, rows(r, "overall|ndcg(k=10,gain=exponential)"));
        assertEquals(1, invalid(r, "overall|ndcg(k=10,gain=exponential)"));
        // Counts are summed over the queries that count (trec_eval's totals).
        assertEquals(2 + 2 + 3 + 0 + 6, value(r, "overall|num_ret"));
    }

    @Test
    void queryWeightsAndQueryLevelSlices() {
        JobConfig config = JobTestSupport.config(RANKING + """
                weight: w
                group_by: [seg]
                losses: ["ndcg(k=10)", num_ret]
                """);
        Map<String, Row> r = JobTestSupport.bySlice(JobTestSupport.report(config, edgeCases()));
        // ndcg@10 per query: short 1, many 1, none 0, tied 0.5, judged 0; weights 1, 2, 1, 4, 1.
        assertEquals((1 * 1 + 2 * 1 + 1 * 0 + 4 * 0.5 + 1 * 0) / 9.0, value(r, "overall|ndcg(k=10,gain=exponential)"), 1e-15);
        assertEquals(9.0, r.get("overall|num_ret").getDouble(r.get("overall|num_ret").fieldIndex("weight_sum")));
        assertEquals((1 + 2 + 0) / 4.0, value(r, "seg|A|ndcg(k=10,gain=exponential)"), 1e-15);
        assertEquals((4 * 0.5 + 0) / 5.0, value(r, "seg|B|ndcg(k=10,gain=exponential)"), 1e-15);
        assertEquals(1, invalid(r, "seg|B|ndcg(k=10,gain=exponential)"));
        // A weighted count: each query's count times its weight.
        assertEquals(1 * 2 + 2 * 6 + 1 * 2, value(r, "seg|A|num_ret"));
    }

    @Test
    void twoTablesJudgedButNotRetrievedCountsAndUnjudgedQueriesDoNot() throws Exception {
        // q1: d1 (relevant), d2 (not judged), d3 (judged 0) retrieved, d9 relevant but not retrieved;
        // q2 retrieved but never judged; q3 judged but nothing retrieved.
        StructType runSchema = new StructType().add("q", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("score", DataTypes.DoubleType);
        StructType qrelsSchema = new StructType().add("q", DataTypes.StringType).add("item", DataTypes.StringType)
                .add("rel", DataTypes.IntegerType);
        write(JobTestSupport.spark().createDataFrame(List.of(RowFactory.create("q1", "d1", 0.9), RowFactory.create("q1", "d2", 0.8),
                RowFactory.create("q1", "d3", 0.7), RowFactory.create("q2", "d1", 0.5)), runSchema), "run");
        write(JobTestSupport.spark().createDataFrame(List.of(RowFactory.create("q1", "d1", 1), RowFactory.create("q1", "d3", 0),
                RowFactory.create("q1", "d9", 1), RowFactory.create("q3", "d5", 1)), qrelsSchema), "qrels");
        LossReportJob.Outcome outcome = LossReportJob.run(JobTestSupport.spark(), JobTestSupport.config(
                "input: " + tmp.resolve("run") + "\nlabels: {path: " + tmp.resolve("qrels") + ", join_key: [q, item]}\n"
                        + RANKING + "losses: [map, \"recall(k=10)\", \"precision(k=2)\", num_rel, num_ret]\noutput: {path: "
                        + tmp.resolve("report") + "}\n"));
        Map<String, Row> r = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(outcome.reportPath()).collectAsList());
        // q1: AP = (1/1) / 2 relevant; q3: 0. q2 does not count.
        assertEquals((0.5 + 0) / 2, value(r, "overall|map"), 1e-15);
        assertEquals(2, rows(r, "overall|map"));
        assertEquals(1, invalid(r, "overall|map"));
        assertEquals((0.5 + 0) / 2, value(r, "overall|recall(k=10)"), 1e-15);
        assertEquals((0.5 + 0) / 2, value(r, "overall|precision(k=2)"), 1e-15);
        assertEquals(3.0, value(r, "overall|num_rel"));
        assertEquals(3.0, value(r, "overall|num_ret"));
        var run = outcome.summary().tree();
        assertEquals(2, run.at("/inputs/join/matched_rows").asLong());
        assertEquals(2, run.at("/inputs/join/prediction_rows_without_labels").asLong());
        assertEquals(2, run.at("/inputs/join/label_rows_without_predictions").asLong());
        assertEquals(6, run.at("/inputs/rows_scanned").asLong());
        assertEquals(3, run.at("/entities/count").asLong());
        assertEquals(1, run.at("/entities/without_labels").asLong());
    }

    @Test
    void oneAndManyPartitionsGiveTheSameReport() {
        Random random = new Random(17);
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < 300; q++) {
            int n = 1 + random.nextInt(40);
            double w = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                Integer rel = random.nextInt(5) == 0 ? null : random.nextInt(4) - 1;
                Double score = random.nextInt(6) == 0 ? null : (double) random.nextInt(8); // many ties
                rows.add(RowFactory.create("q" + q, "i" + i, score, rel, "s" + q % 4, w));
            }
        }
        Dataset<Row> df = JobTestSupport.spark().createDataFrame(rows, ITEMS);
        JobConfig config = JobTestSupport.config(RANKING + """
                weight: w
                group_by: [seg]
                losses: [map, "ndcg(k=5,gain=linear)", mrr, r_precision, "hit_rate(k=3)", num_rel_ret,
                         pairwise_hinge, lambdarank, softmax_cross_entropy]
                """);
        var spark = JobTestSupport.spark();
        String shufflePartitions = spark.conf().get("spark.sql.shuffle.partitions");
        try {
            spark.conf().set("spark.sql.shuffle.partitions", "1");
            Map<String, Row> one = JobTestSupport.bySlice(JobTestSupport.report(config, df.repartition(1)));
            spark.conf().set("spark.sql.shuffle.partitions", "7");
            Map<String, Row> many = JobTestSupport.bySlice(JobTestSupport.report(config, df.repartition(13)));
            assertEquals(one.keySet(), many.keySet());
            assertEquals(5 * 9, one.size());
            for (var e : one.entrySet()) {
                double a = value(one, e.getKey());
                assertEquals(a, value(many, e.getKey()), Math.abs(a) * 1e-12, e.getKey());
                assertEquals(rows(one, e.getKey()), rows(many, e.getKey()), e.getKey());
                assertEquals(invalid(one, e.getKey()), invalid(many, e.getKey()), e.getKey());
            }
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
        }
    }

    /**
     * One query of N items, scores N-1..0 by item, a relevant item every 10 ranks from rank 1, at
     * max_entity_rows = N; one more row is refused with a clear error.
     */
    @Test
    void aLongListAtTheLimitAndOneRowBeyond() throws Exception {
        int n = 200_000;
        var spark = JobTestSupport.spark();
        Dataset<Row> items = spark.range(n).selectExpr("'big' AS q", "format_string('d%07d', id) AS item",
                "CAST(id AS DOUBLE) AS score", "CASE WHEN (" + (n - 1) + " - id) % 10 = 0 THEN 1 ELSE 0 END AS rel");
        write(items, "big");
        String yaml = "input: " + tmp.resolve("big") + "\n" + RANKING + "max_entity_rows: " + n + "\n"
                + "losses: [map, mrr, \"precision(k=10)\", \"ndcg(k=100)\", num_ret]\noutput: {path: " + tmp.resolve("out") + "}\n";
        LossReportJob.Outcome outcome = LossReportJob.run(spark, JobTestSupport.config(yaml));
        Map<String, Row> r = JobTestSupport.bySlice(spark.read().parquet(outcome.reportPath()).collectAsList());
        // Relevant at ranks 1, 11, 21, ...: the j-th (0-based) at rank 10j + 1 has precision (j + 1) / (10j + 1).
        int relevant = n / 10;
        double ap = 0;
        for (int j = 0; j < relevant; j++) {
            ap += (j + 1.0) / (10.0 * j + 1);
        }
        assertEquals(ap / relevant, value(r, "overall|map"), 1e-12);
        assertEquals(1.0, value(r, "overall|mrr"));
        assertEquals(0.1, value(r, "overall|precision(k=10)"), 1e-15);
        assertEquals((double) n, value(r, "overall|num_ret"));

        write(items.union(spark.sql("SELECT 'big' AS q, 'extra' AS item, CAST(NULL AS DOUBLE) AS score, 1 AS rel")), "bigger");
        JobException e = assertThrows(JobException.class, () -> LossReportJob.run(spark, JobTestSupport.config(
                yaml.replace(tmp.resolve("big").toString(), tmp.resolve("bigger").toString())
                        .replace(tmp.resolve("out").toString(), tmp.resolve("refused").toString()))));
        assertEquals(JobException.INPUT, e.exitCode());
        assertTrue(e.getMessage().startsWith("query q=big has " + (n + 1) + " rows, more than max_entity_rows = " + n
                + "; raise max_entity_rows"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("refused")), "no report is published");
    }

    @Test
    void groupColumnsAndWeightsMustBeConstantWithinAQuery() throws Exception {
        var spark = JobTestSupport.spark();
        write(edgeCases().selectExpr("*", "CASE WHEN item = 'b' THEN 'other' ELSE seg END AS seg2"), "varying");
        String base = "input: " + tmp.resolve("varying") + "\n" + RANKING + "losses: [map]\n";
        JobException e = assertThrows(JobException.class, () -> LossReportJob.run(spark, JobTestSupport.config(
                base + "group_by: seg2\noutput: {path: " + tmp.resolve("a") + "}\n")));
        assertEquals(JobException.USAGE, e.exitCode());
        assertTrue(e.getMessage().matches("group_by column 'seg2' is not constant within query q=(none|short) \\(values "
                + "(A and other|other and A)\\).*: a slice groups whole queries, so its group_by columns must be constant.*"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("a")));

        write(edgeCases().selectExpr("*", "CASE WHEN item = 'b' THEN 7.0 ELSE w END AS w2"), "weights");
        e = assertThrows(JobException.class, () -> LossReportJob.run(spark, JobTestSupport.config(
                base.replace("varying", "weights") + "weight: w2\noutput: {path: " + tmp.resolve("b") + "}\n")));
        assertTrue(e.getMessage().startsWith("weight 'w2' is not constant within query q="), e.getMessage());
    }

    @Test
    void aRepeatedItemMakesTheQueryInvalid() throws Exception {
        var spark = JobTestSupport.spark();
        write(edgeCases().union(spark.sql("SELECT 'short' AS q, 'a' AS item, 0.5 AS score, 0 AS rel, 'A' AS seg, 1.0 AS w")), "dup");
        LossReportJob.Outcome outcome = LossReportJob.run(spark, JobTestSupport.config("input: " + tmp.resolve("dup") + "\n"
                + RANKING + "losses: [map]\noutput: {path: " + tmp.resolve("out") + "}\n"));
        Map<String, Row> r = JobTestSupport.bySlice(spark.read().parquet(outcome.reportPath()).collectAsList());
        assertEquals(2, invalid(r, "overall|map"));
        assertEquals(1, outcome.summary().tree().at("/entities/with_repeated_or_null_item_ids").asLong());
    }

    @Test
    void entityRolesAndLossesMustAgree() {
        Dataset<Row> df = edgeCases();
        JobException e = assertThrows(JobException.class, () -> JobTestSupport.report(JobTestSupport.config(
                "prediction: score\nlabel: rel\nlosses: [map]\n"), df));
        assertEquals("loss 'map' is computed per query: name the query and item columns (query: COL and item: COL in the config, "
                + "or --query COL --item COL)", e.getMessage());
        e = assertThrows(JobException.class, () -> JobTestSupport.report(JobTestSupport.config(RANKING + "losses: [map, mse]\n"), df));
        assertTrue(e.getMessage().startsWith("loss 'mse' is a per-row loss; with query set, every loss is computed per query: ndcg, dcg, map"),
                e.getMessage());
        e = assertThrows(JobException.class, () -> JobTestSupport.report(JobTestSupport.config(RANKING + "losses: [bias]\n"), df));
        assertTrue(e.getMessage().startsWith("loss 'bias(loss=squared)' is computed per example; this run groups rows per query"),
                e.getMessage());
        e = assertThrows(JobException.class, () -> JobTestSupport.report(JobTestSupport.config(
                RANKING.replace("item: item", "item: nope") + "losses: [map]\n"), df));
        assertTrue(e.getMessage().startsWith("item 'nope' names a column that is not in the input"), e.getMessage());
        e = assertThrows(JobException.class, () -> JobTestSupport.config("query: q\nprediction: score\nlabel: rel\nlosses: [map]\n"));
        assertTrue(e.getMessage().startsWith("query needs item"), e.getMessage());
        e = assertThrows(JobException.class, () -> JobTestSupport.config(RANKING + "replicate: r\nlosses: [map]\n"));
        assertTrue(e.getMessage().startsWith("query/item (ranking) and example/replicate"), e.getMessage());
        e = assertThrows(JobException.class, () -> JobTestSupport.config(RANKING + "max_entity_rows: 0\nlosses: [map]\n"));
        assertTrue(e.getMessage().startsWith("'max_entity_rows' must be an integer from 1"), e.getMessage());
    }

    private void write(Dataset<Row> df, String name) {
        df.write().parquet(tmp.resolve(name).toString());
    }

    static double value(Map<String, Row> report, String key) {
        Row r = report.get(key);
        assertTrue(r != null, key + " not in " + report.keySet());
        assertFalse(r.isNullAt(r.fieldIndex("value")), key + " is null");
        return r.getDouble(r.fieldIndex("value"));
    }

    static long rows(Map<String, Row> report, String key) {
        return report.get(key).getLong(report.get(key).fieldIndex("rows"));
    }

    static long invalid(Map<String, Row> report, String key) {
        return report.get(key).getLong(report.get(key).fieldIndex("invalid_rows"));
    }
}
