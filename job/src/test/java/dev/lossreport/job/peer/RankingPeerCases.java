package dev.lossreport.job.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.loss.Losses;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The ranking cases (Spark MLlib's RankingMetrics, TF-Ranking's losses) as tables of
 * (query, item, score, relevance, query weight), all run in one pass of the job, grouped by case.
 *
 * <ul>
 *   <li>Spark: {@code y_pred} is each query's ranked item list, so the score is the position from the
 *       end; {@code y_true} is its set of relevant items (relevance 1, or the graded {@code relevance}
 *       param). Spark judges every item: a predicted item outside the set is non-relevant, so it is
 *       judged 0, and a query with an empty set is a judged query without relevant items (it scores 0
 *       and counts, as in Spark).</li>
 *   <li>TF-Ranking: each row of {@code y_true} / {@code y_pred} is one list of labels / scores and
 *       {@code sample_weight} holds one weight per list, our query weight.</li>
 * </ul>
 */
final class RankingPeerCases {
    private RankingPeerCases() {
    }

    static boolean handles(PeerCase c) {
        return c.id().startsWith("spark_rank_") || c.id().startsWith("tfr_");
    }

    /** The lossreport spec of a case. */
    static String spec(PeerCase c) {
        String k = c.has("k") ? "(k=" + c.param("k").asInt() + ")" : "";
        return switch (c.loss()) {
            case "map" -> "map";
            case "map_at_k" -> "map" + k;
            case "ndcg_at_k" -> "ndcg" + k;
            case "precision_at_k" -> "precision" + k;
            case "recall_at_k" -> "recall" + k;
            case "softmax_listwise" -> "softmax_cross_entropy";
            default -> c.loss();
        };
    }

    /** Runs every case in one pass; returns the overall value of each case (null when undefined). */
    static Map<String, Double> run(List<PeerCase> cases) {
        StructType schema = new StructType().add("case_id", DataTypes.StringType).add("q", DataTypes.IntegerType)
                .add("item", DataTypes.StringType).add("score", DataTypes.DoubleType).add("rel", DataTypes.DoubleType)
                .add("w", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        LinkedHashSet<String> specs = new LinkedHashSet<>();
        for (PeerCase c : cases) {
            specs.add(spec(c));
            rows.addAll(c.id().startsWith("tfr_") ? lists(c) : rankedSets(c));
        }
        JobConfig config = JobTestSupport.config("query: [case_id, q]\nitem: item\nprediction: score\nlabel: rel\nweight: w\n"
                + "group_by: case_id\nlosses:\n" + specs.stream().map(s -> "  - \"" + s + "\"\n").reduce("", String::concat));
        Map<String, Double> byCaseAndSpec = new HashMap<>();
        for (Row r : JobTestSupport.report(config, JobTestSupport.spark().createDataFrame(rows, schema))) {
            if (r.getString(0).equals("case_id")) {
                int v = r.fieldIndex("value");
                byCaseAndSpec.put(r.getString(1) + "|" + r.getString(r.fieldIndex("loss")), r.isNullAt(v) ? null : r.getDouble(v));
            }
        }
        Map<String, Double> out = new HashMap<>();
        for (PeerCase c : cases) {
            out.put(c.id(), byCaseAndSpec.get(c.id() + "|" + Losses.parse(spec(c)).spec()));
        }
        return out;
    }

    private static List<Row> rankedSets(PeerCase c) {
        List<Row> rows = new ArrayList<>();
        JsonNode graded = c.param("relevance");
        for (int q = 0; q < c.yPred().size(); q++) {
            JsonNode ranked = c.yPred().get(q);
            JsonNode truth = c.yTrue().get(q);
            Map<String, Double> relevance = new HashMap<>();
            for (int i = 0; i < truth.size(); i++) {
                relevance.put(truth.get(i).asText(), graded == null ? 1.0 : graded.get(q).get(i).asDouble());
            }
            for (int i = 0; i < ranked.size(); i++) {
                String item = ranked.get(i).asText();
                Double rel = relevance.remove(item);
                rows.add(RowFactory.create(c.id(), q, item, (double) (ranked.size() - i), rel == null ? 0.0 : rel, 1.0));
            }
            for (var unretrieved : relevance.entrySet()) {
                rows.add(RowFactory.create(c.id(), q, unretrieved.getKey(), null, unretrieved.getValue(), 1.0));
            }
        }
        return rows;
    }

    private static List<Row> lists(PeerCase c) {
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < c.yTrue().size(); q++) {
            double w = c.sampleWeight() == null || c.sampleWeight().isNull() ? 1.0 : c.sampleWeight().get(q).asDouble();
            for (int i = 0; i < c.yTrue().get(q).size(); i++) {
                rows.add(RowFactory.create(c.id(), q, "i" + i, c.yPred().get(q).get(i).asDouble(),
                        c.yTrue().get(q).get(i).asDouble(), w));
            }
        }
        return rows;
    }
}
