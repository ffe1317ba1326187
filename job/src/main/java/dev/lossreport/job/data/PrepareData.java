package dev.lossreport.job.data;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

/**
 * Turns the public CSV and text files of {@code ../shared/data/raw} into the Parquet tables the
 * examples read, the way a user would turn their own exports into job input. Schemas are explicit,
 * so the tables are the same on every run.
 *
 * <ul>
 *   <li>{@code nfl/games}: FiveThirtyEight NFL Elo forecasts, one table (prediction {@code elo_prob1},
 *       label {@code result1}: 1 win, 0 loss, 0.5 tie).</li>
 *   <li>{@code soccer/forecasts} and {@code soccer/results}: FiveThirtyEight club soccer forecasts and
 *       the scores of the matches played, keyed by (date, league_id, team1, team2), with the outcome
 *       class (0 home win, 1 draw, 2 away win); matches not yet played have no result row.</li>
 *   <li>{@code trec/run}, {@code trec/qrels} and {@code trec/qrels_graded}: the trec_eval test run and
 *       its binary and graded relevance judgments.</li>
 * </ul>
 */
public final class PrepareData {
    private PrepareData() {
    }

    /** Writes every table under {@code out}; returns table name to row count. */
    public static Map<String, Long> run(SparkSession spark, Path raw, Path out) {
        Path fte = raw.resolve("fivethirtyeight");
        Path trec = raw.resolve("trec_eval");
        for (Path p : new Path[]{fte.resolve("nfl_games.csv"), fte.resolve("spi_matches.csv"), trec.resolve("results.test")}) {
            if (!Files.isRegularFile(p)) {
                throw new dev.lossreport.job.JobException(dev.lossreport.job.JobException.INPUT,
                        "raw data file not found: " + p + " (pass --source DIR, the folder holding fivethirtyeight/ and trec_eval/)");
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();

        StructType nfl = new StructType()
                .add("date", DataTypes.DateType).add("season", DataTypes.IntegerType)
                .add("neutral", DataTypes.IntegerType).add("playoff", DataTypes.IntegerType)
                .add("team1", DataTypes.StringType).add("team2", DataTypes.StringType)
                .add("elo1", DataTypes.DoubleType).add("elo2", DataTypes.DoubleType)
                .add("elo_prob1", DataTypes.DoubleType)
                .add("score1", DataTypes.IntegerType).add("score2", DataTypes.IntegerType)
                .add("result1", DataTypes.DoubleType);
        counts.put("nfl/games", write(csv(spark, nfl, fte.resolve("nfl_games.csv")), out.resolve("nfl/games")));

        StructType spi = new StructType()
                .add("date", DataTypes.DateType).add("league_id", DataTypes.IntegerType)
                .add("league", DataTypes.StringType).add("team1", DataTypes.StringType).add("team2", DataTypes.StringType)
                .add("spi1", DataTypes.DoubleType).add("spi2", DataTypes.DoubleType)
                .add("prob1", DataTypes.DoubleType).add("prob2", DataTypes.DoubleType).add("probtie", DataTypes.DoubleType)
                .add("proj_score1", DataTypes.DoubleType).add("proj_score2", DataTypes.DoubleType)
                .add("importance1", DataTypes.DoubleType).add("importance2", DataTypes.DoubleType)
                .add("score1", DataTypes.IntegerType).add("score2", DataTypes.IntegerType)
                .add("xg1", DataTypes.DoubleType).add("xg2", DataTypes.DoubleType)
                .add("nsxg1", DataTypes.DoubleType).add("nsxg2", DataTypes.DoubleType)
                .add("adj_score1", DataTypes.DoubleType).add("adj_score2", DataTypes.DoubleType);
        Dataset<Row> matches = csv(spark, spi, fte.resolve("spi_matches.csv"));
        // European seasons run August to May: a match in 2019-03 belongs to season 2018.
        Column season = when(month(col("date")).geq(7), year(col("date"))).otherwise(year(col("date")).minus(1));
        Dataset<Row> forecasts = matches.select(col("date"), col("league_id"), col("league"), col("team1"), col("team2"),
                season.alias("season"), col("spi1"), col("spi2"), col("prob1"), col("probtie"), col("prob2"),
                col("proj_score1"), col("proj_score2"), col("importance1"), col("importance2"));
        // outcome: 0 home win, 1 draw, 2 away win, in the order of (prob1, probtie, prob2)
        Column outcome = when(col("score1").gt(col("score2")), 0).when(col("score1").equalTo(col("score2")), 1).otherwise(2);
        Dataset<Row> results = matches.filter(col("score1").isNotNull().and(col("score2").isNotNull()))
                .select(col("date"), col("league_id"), col("team1"), col("team2"), col("score1"), col("score2"),
                        outcome.alias("outcome"),
                        col("xg1"), col("xg2"), col("nsxg1"), col("nsxg2"), col("adj_score1"), col("adj_score2"));
        counts.put("soccer/forecasts", write(forecasts, out.resolve("soccer/forecasts")));
        counts.put("soccer/results", write(results, out.resolve("soccer/results")));

        Dataset<Row> run = whitespace(spark, trec.resolve("results.test"))
                .select(col("f").getItem(0).alias("qid"), col("f").getItem(2).alias("docno"),
                        col("f").getItem(3).cast("int").alias("rank"), col("f").getItem(4).cast("double").alias("score"),
                        col("f").getItem(5).alias("run_id"));
        counts.put("trec/run", write(run, out.resolve("trec/run")));
        counts.put("trec/qrels", write(qrels(spark, trec.resolve("qrels.test")), out.resolve("trec/qrels")));
        counts.put("trec/qrels_graded", write(qrels(spark, trec.resolve("qrels.rel_level")), out.resolve("trec/qrels_graded")));
        return counts;
    }

    private static Dataset<Row> qrels(SparkSession spark, Path file) {
        return whitespace(spark, file).select(col("f").getItem(0).alias("qid"), col("f").getItem(2).alias("docno"),
                col("f").getItem(3).cast("int").alias("relevance"));
    }

    private static Dataset<Row> csv(SparkSession spark, StructType schema, Path file) {
        return spark.read().option("header", "true").option("mode", "FAILFAST").schema(schema).csv(file.toString());
    }

    /** trec_eval files: fields separated by runs of spaces or tabs. */
    private static Dataset<Row> whitespace(SparkSession spark, Path file) {
        return spark.read().text(file.toString())
                .filter(trim(col("value")).notEqual(""))
                .select(split(trim(col("value")), "\\s+").alias("f"));
    }

    private static long write(Dataset<Row> df, Path dir) {
        df.coalesce(1).write().mode("overwrite").parquet(dir.toString());
        return df.sparkSession().read().parquet(dir.toString()).count();
    }
}
