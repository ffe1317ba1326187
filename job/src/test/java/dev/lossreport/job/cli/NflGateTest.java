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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped nightly example (conf/examples/nfl-nightly.yaml) on the real FiveThirtyEight data: its
 * gate passes (exit 0), and a stricter threshold on every season fails (exit 3) with the report
 * still written. The overall log loss and the per-season values it is judged on are checked in
 * NflEndToEndTest against a computation from the raw CSV.
 */
class NflGateTest {
    @TempDir
    static Path tmp;
    private static Path games;

    @BeforeAll
    static void prepare() {
        PrepareData.run(JobTestSupport.spark(), JobTestSupport.shared().resolve("data/raw"), tmp.resolve("data"));
        games = tmp.resolve("data/nfl/games");
    }

    private static int run(String runDate, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--config",
                JobTestSupport.projectRoot().resolve("conf/examples/nfl-nightly.yaml").toString(),
                "--set", "input.path=" + games, "--output", tmp.resolve("reports/nfl-nightly").toString(),
                "--set", "history=" + tmp.resolve("history/nfl"), "--run-date", runDate, "--show", "1"));
        args.addAll(List.of(more));
        return Main.execute(args.toArray(String[]::new));
    }

    @Test
    void theExampleGatePassesAndAStricterOneFails() throws IOException {
        assertEquals(0, run("2020-02-02"));
        Path passed = tmp.resolve("reports/nfl-nightly/run_date=2020-02-02");
        JsonNode ok = new ObjectMapper().readTree(passed.resolve("_run.json").toFile());
        assertTrue(ok.at("/validation/passed").asBoolean());
        // bce overall, and brier against plain Elo on overall, playoff=0 and playoff=1
        assertEquals(4, ok.at("/validation/checked").asInt());
        // The baseline prediction was scored in the same pass, on the same 16810 games.
        List<Row> rows = JobTestSupport.spark().read().parquet(passed.toString()).collectAsList();
        assertTrue(rows.stream().anyMatch(r -> r.getString(r.fieldIndex("prediction")).startsWith("1 / (1 + power(10")
                && r.getString(r.fieldIndex("slice")).equals("overall") && r.getLong(r.fieldIndex("rows")) == 16810));

        assertEquals(3, run("2020-02-03", "--set", "gate=[{loss: bce, slices: [overall, season], max: 0.62}]"));
        Path failed = tmp.resolve("reports/nfl-nightly/run_date=2020-02-03");
        JsonNode bad = new ObjectMapper().readTree(failed.resolve("_run.json").toFile());
        assertFalse(bad.at("/validation/passed").asBoolean());
        assertEquals(102, bad.at("/validation/checked").asInt());
        assertEquals(46, bad.at("/validation/failed").asInt());
        assertEquals("succeeded", bad.get("outcome").asText(), "the report is written");
        assertTrue(Files.exists(failed.resolve("_checks")));
        assertTrue(Files.exists(passed.resolve("_run.json")), "the earlier date is untouched");
        assertEquals(2, JobTestSupport.spark().read().parquet(tmp.resolve("history/nfl").toString())
                .select("run_id").distinct().count());
    }
}
