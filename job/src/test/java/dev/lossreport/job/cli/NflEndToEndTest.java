package dev.lossreport.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.data.PrepareData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a user runs it: the reproducible Parquet step on the real FiveThirtyEight data,
 * then the CLI on the shipped example configs; the per-season values are checked against a
 * computation in this test straight from the raw CSV.
 */
class NflEndToEndTest {
    @TempDir
    static Path tmp;
    private static Path data;

    @BeforeAll
    static void prepare() {
        data = tmp.resolve("data");
        Map<String, Long> counts = PrepareData.run(JobTestSupport.spark(), JobTestSupport.shared().resolve("data/raw"), data);
        assertEquals(16810L, counts.get("nfl/games"));
        assertEquals(23456L, counts.get("soccer/forecasts"));
        assertEquals(19979L, counts.get("soccer/results"));
        assertEquals(1500L, counts.get("trec/run"));
    }

    /**
     * Per season, from the CSV in plain Java: rows, sum of bce, sum of squared error, sum of error, and
     * for the hinge loss on the logit its sum over decided games, their count, and the ties.
     */
    private static Map<Integer, double[]> bySeasonFromCsv() throws IOException {
        List<String> lines = Files.readAllLines(JobTestSupport.shared().resolve("data/raw/fivethirtyeight/nfl_games.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int season = header.indexOf("season");
        int prob = header.indexOf("elo_prob1");
        int result = header.indexOf("result1");
        Map<Integer, double[]> m = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double p = Double.parseDouble(f[prob]);
            double y = Double.parseDouble(f[result]);
            double[] acc = m.computeIfAbsent(Integer.parseInt(f[season]), k -> new double[7]);
            acc[0] += 1;
            acc[1] += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
            acc[2] += (p - y) * (p - y);
            acc[3] += p - y;
            double logit = Math.log(p / (1 - p));
            if (y == 0.5) {
                acc[6] += 1;
            } else {
                acc[4] += Math.max(0, 1 - (y == 1 ? logit : -logit));
                acc[5] += 1;
            }
        }
        return m;
    }

    @Test
    void nflExampleReportMatchesAnIndependentComputation() throws IOException {
        Path out = tmp.resolve("reports/nfl");
        int code = Main.execute("run", "--config", JobTestSupport.projectRoot().resolve("conf/examples/nfl.yaml").toString(),
                "--set", "input.path=" + data.resolve("nfl/games"), "--output", out.toString(), "--show", "2");
        assertEquals(0, code);
        List<Row> rows = JobTestSupport.spark().read().parquet(out.toString()).collectAsList();
        Map<String, Row> report = JobTestSupport.bySlice(rows);
        Map<Integer, double[]> expected = bySeasonFromCsv();
        assertEquals(101, expected.size());
        // overall + 101 seasons + 2 playoff values, 5 losses each
        assertEquals((1 + 101 + 2) * 5, rows.size());
        for (var e : expected.entrySet()) {
            double[] a = e.getValue();
            String k = "season|" + e.getKey() + "|";
            assertEquals(a[1] / a[0], value(report, k + "bce(eps=1e-15)"), 1e-12, k);
            assertEquals(a[2] / a[0], value(report, k + "brier"), 1e-12, k);
            assertEquals(a[2] / a[0], value(report, k + "mse"), 1e-12, k);
            assertEquals(a[3] / a[0], value(report, k + "mean_error"), 1e-11, k);
            assertEquals((long) a[0], report.get(k + "mse").getLong(report.get(k + "mse").fieldIndex("rows")));
            // ties (0.5) are outside the hinge loss's domain: counted, not dropped
            Row hinge = report.get(k + "hinge");
            assertEquals(a[4] / a[5], value(report, k + "hinge"), 1e-12, k);
            assertEquals((long) a[5], hinge.getLong(hinge.fieldIndex("rows")), k);
            assertEquals((long) a[6], hinge.getLong(hinge.fieldIndex("invalid_rows")), k);
        }
        JsonNode run = new ObjectMapper().readTree(out.resolve("_run.json").toFile());
        assertEquals("succeeded", run.get("outcome").asText());
        assertEquals(16810, run.at("/inputs/rows_scanned").asLong());
        assertEquals(520, run.at("/report/rows").asLong());
        assertEquals("elo_prob1", run.at("/config/columns/prediction").asText());
    }

    @Test
    void soccerExampleJoinsTwoTablesAndCountsUnplayedMatches() throws IOException {
        Path out = tmp.resolve("reports/soccer");
        int code = Main.execute("run", "--config", JobTestSupport.projectRoot().resolve("conf/examples/soccer.yaml").toString(),
                "--set", "input.path=" + data.resolve("soccer/forecasts"),
                "--set", "labels.path=" + data.resolve("soccer/results"), "--output", out.toString(), "--show", "1");
        assertEquals(0, code);
        JsonNode run = new ObjectMapper().readTree(out.resolve("_run.json").toFile());
        assertEquals(19979, run.at("/inputs/join/matched_rows").asLong());
        assertEquals(23456 - 19979, run.at("/inputs/join/prediction_rows_without_labels").asLong());
        assertEquals(0, run.at("/inputs/join/label_rows_without_predictions").asLong());
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(out.toString()).collectAsList());
        Row cce = report.get("overall|cce(eps=1e-15,sum_tolerance=0.001)");
        assertEquals(19979L, cce.getLong(cce.fieldIndex("rows")));
        assertEquals(0L, cce.getLong(cce.fieldIndex("invalid_rows")));
        // A draw-heavy three-way market: the log loss sits near 1 (uniform guessing gives ln 3 = 1.0986).
        double v = cce.getDouble(cce.fieldIndex("value"));
        assertTrue(v > 0.9 && v < 1.05, "cce " + v);
        for (String loss : new String[]{"categorical_focal(eps=1e-15,sum_tolerance=0.001)", "brier(sum_tolerance=0.001)"}) {
            Row r = report.get("overall|" + loss);
            assertEquals(19979L, r.getLong(r.fieldIndex("rows")), loss);
            assertEquals(0L, r.getLong(r.fieldIndex("invalid_rows")), loss);
        }
        // The Poisson deviance of projected goals, against the played matches of the CSV in plain Java.
        Row poisson = report.get("overall|poisson_deviance");
        assertEquals(19979L, poisson.getLong(poisson.fieldIndex("rows")));
        assertEquals(poissonDevianceFromCsv(), poisson.getDouble(poisson.fieldIndex("value")), 1e-12);
    }

    /** Mean of 2 * (y log(y / p) - y + p) over matches with a score, y = score1, p = proj_score1. */
    private static double poissonDevianceFromCsv() throws IOException {
        List<String> lines = Files.readAllLines(JobTestSupport.shared().resolve("data/raw/fivethirtyeight/spi_matches.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int proj = header.indexOf("proj_score1");
        int score1 = header.indexOf("score1");
        int score2 = header.indexOf("score2");
        double sum = 0;
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f[score1].isEmpty() || f[score2].isEmpty()) {
                continue;
            }
            double y = Double.parseDouble(f[score1]);
            double p = Double.parseDouble(f[proj]);
            sum += 2 * ((y == 0 ? 0 : y * Math.log(y / p)) - y + p);
            n++;
        }
        return sum / n;
    }

    @Test
    void flagsAloneRunAReport() {
        Path out = tmp.resolve("reports/flags");
        int code = Main.execute("run", "--input", data.resolve("nfl/games").toString(), "--prediction", "elo_prob1",
                "--label", "result1", "--group-by", "neutral", "--group-by", "playoff,neutral", "--loss", "huber(delta=0.25)",
                "--loss", "r2", "--output", out.toString(), "--format", "json");
        assertEquals(0, code);
        List<Row> rows = JobTestSupport.spark().read().json(out.toString()).collectAsList();
        assertTrue(rows.stream().anyMatch(r -> r.getString(r.fieldIndex("slice")).equals("playoff,neutral")));
        assertTrue(rows.stream().anyMatch(r -> r.getString(r.fieldIndex("loss")).equals("huber(delta=0.25)")));
    }

    @Test
    void usageErrorsExitWithTwoAndKeepTheOutputUntouched() throws IOException {
        Path out = tmp.resolve("reports/unchanged");
        assertEquals(0, Main.execute("run", "--input", data.resolve("nfl/games").toString(), "--prediction", "elo_prob1",
                "--label", "result1", "--loss", "mse", "--output", out.toString()));
        String before = Files.readString(out.resolve("_run.json"));
        // a missing column
        assertEquals(2, Main.execute("run", "--input", data.resolve("nfl/games").toString(), "--prediction", "elo_prob",
                "--label", "result1", "--loss", "mse", "--output", out.toString(), "--overwrite"));
        // an existing report without --overwrite
        assertEquals(2, Main.execute("run", "--input", data.resolve("nfl/games").toString(), "--prediction", "elo_prob1",
                "--label", "result1", "--loss", "mse", "--output", out.toString()));
        // an unknown loss
        assertEquals(2, Main.execute("run", "--input", data.resolve("nfl/games").toString(), "--prediction", "elo_prob1",
                "--label", "result1", "--loss", "msee", "--output", out.toString(), "--overwrite"));
        assertEquals(before, Files.readString(out.resolve("_run.json")));
    }

    private static double value(Map<String, Row> report, String key) {
        Row r = report.get(key);
        assertTrue(r != null, "no report row " + key);
        return r.getDouble(r.fieldIndex("value"));
    }
}
