package dev.lossreport.job.cli;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.data.PrepareData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2-output example on the real soccer data (conf/examples/soccer-goals.yaml) through the CLI,
 * checked per league against a computation in this test straight from the raw CSV.
 */
class SoccerGoalsExampleTest {
    @TempDir
    static Path tmp;

    /** One played match from the CSV. */
    private record Match(String league, double[] proj, double[] score, Double[] adj, double[] probs, int outcome) {
    }

    private static List<Match> playedMatches() throws IOException {
        List<String> lines = Files.readAllLines(JobTestSupport.shared().resolve("data/raw/fivethirtyeight/spi_matches.csv"));
        List<String> h = List.of(lines.get(0).split(","));
        List<Match> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f[h.indexOf("score1")].isEmpty()) {
                continue;
            }
            double s1 = Double.parseDouble(f[h.indexOf("score1")]);
            double s2 = Double.parseDouble(f[h.indexOf("score2")]);
            String a1 = f[h.indexOf("adj_score1")];
            String a2 = f[h.indexOf("adj_score2")];
            out.add(new Match(f[h.indexOf("league")],
                    new double[]{Double.parseDouble(f[h.indexOf("proj_score1")]), Double.parseDouble(f[h.indexOf("proj_score2")])},
                    new double[]{s1, s2},
                    new Double[]{a1.isEmpty() ? null : Double.parseDouble(a1), a2.isEmpty() ? null : Double.parseDouble(a2)},
                    new double[]{Double.parseDouble(f[h.indexOf("prob1")]), Double.parseDouble(f[h.indexOf("probtie")]),
                            Double.parseDouble(f[h.indexOf("prob2")])},
                    s1 > s2 ? 0 : s1 == s2 ? 1 : 2));
        }
        return out;
    }

    /** The expected report values of one slice, computed with plain loops. */
    private static Map<String, Double> expected(List<Match> ms) {
        Map<String, Double> v = new HashMap<>();
        int n = ms.size();
        double mse = 0;
        double[] sse = new double[2];
        double[] mean = new double[2];
        for (Match m : ms) {
            double e0 = m.proj()[0] - m.score()[0];
            double e1 = m.proj()[1] - m.score()[1];
            mse += (e0 * e0 + e1 * e1) / 2;
            sse[0] += e0 * e0;
            sse[1] += e1 * e1;
            mean[0] += m.score()[0] / n;
            mean[1] += m.score()[1] / n;
        }
        v.put("mse", mse / n);
        v.put("rmse(multioutput=uniform_average,outputs=2)", (Math.sqrt(sse[0] / n) + Math.sqrt(sse[1] / n)) / 2);
        for (int k = 0; k < 2; k++) {
            double tot = 0;
            for (Match m : ms) {
                tot += (m.score()[k] - mean[k]) * (m.score()[k] - mean[k]);
            }
            v.put("rmse(multioutput=raw_values,outputs=2)#" + k, Math.sqrt(sse[k] / n));
            v.put("r2(multioutput=raw_values,outputs=2)#" + k, 1 - sse[k] / tot);
        }
        double mae = 0;
        double adjusted = 0;
        double cce = 0;
        for (Match m : ms) {
            double sum = 0;
            int kept = 0;
            for (int k = 0; k < 2; k++) {
                if (m.adj()[k] != null) {
                    sum += Math.abs(m.proj()[k] - m.adj()[k]);
                    kept++;
                }
            }
            if (kept > 0) {
                mae += sum / kept;
                adjusted++;
            }
            cce -= Math.log(m.probs()[m.outcome()]);
        }
        v.put("mae", adjusted == 0 ? null : mae / adjusted);
        v.put("masked:mae", (double) (n - adjusted));
        v.put("cce(eps=1e-15,sum_tolerance=0.001)", cce / n);
        return v;
    }

    @Test
    void twoOutputGoalsMatchAnIndependentComputation() throws IOException {
        Path data = tmp.resolve("data");
        PrepareData.run(JobTestSupport.spark(), JobTestSupport.shared().resolve("data/raw"), data);
        Path out = tmp.resolve("reports/soccer-goals");
        int code = Main.execute("run", "--config", JobTestSupport.projectRoot().resolve("conf/examples/soccer-goals.yaml").toString(),
                "--set", "input.path=" + data.resolve("soccer/forecasts"),
                "--set", "labels.path=" + data.resolve("soccer/results"), "--output", out.toString(), "--show", "2");
        assertEquals(0, code);
        Map<String, Row> report = JobTestSupport.bySlice(JobTestSupport.spark().read().parquet(out.toString()).collectAsList());

        List<Match> matches = playedMatches();
        Map<String, List<Match>> byLeague = new HashMap<>();
        matches.forEach(m -> byLeague.computeIfAbsent(m.league(), k -> new ArrayList<>()).add(m));
        Map<String, Map<String, Double>> slices = new HashMap<>();
        slices.put("overall|", expected(matches));
        byLeague.forEach((league, ms) -> slices.put("league|" + league + "|", expected(ms)));
        int checked = 0;
        for (var slice : slices.entrySet()) {
            for (var e : slice.getValue().entrySet()) {
                if (e.getKey().startsWith("masked:")) {
                    Row r = report.get(slice.getKey() + e.getKey().substring(7));
                    assertEquals(e.getValue().longValue(), r.getLong(r.fieldIndex("masked_rows")), slice.getKey());
                    continue;
                }
                Row r = report.get(slice.getKey() + e.getKey());
                assertTrue(r != null, "no report row " + slice.getKey() + e.getKey());
                int value = r.fieldIndex("value");
                if (e.getValue() == null) {
                    assertTrue(r.isNullAt(value), slice.getKey() + e.getKey());
                } else {
                    assertEquals(e.getValue(), r.getDouble(value), 1e-11 * Math.max(1, Math.abs(e.getValue())),
                            slice.getKey() + e.getKey());
                }
                checked++;
            }
        }
        assertTrue(checked > 8 * byLeague.size(), "checked " + checked);
        Row overall = report.get("overall|mse");
        assertEquals(matches.size(), overall.getLong(overall.fieldIndex("rows")));
        Row away = report.get("overall|rmse(multioutput=raw_values,outputs=2)#1");
        assertEquals(1, away.getInt(away.fieldIndex("output")));
    }
}
