package dev.lossreport.job.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled runs: the run date in input and output paths, one report partition per date that a rerun
 * replaces alone, the history table and the previous-run baseline. Input: one table per day,
 * {@code day=2024-01-01}: mse 0.01 (errors 0.1, -0.1), {@code day=2024-01-02}: mse 0.04 (0.2, -0.2).
 */
class ScheduleTest {
    @TempDir
    static Path tmp;
    private static final String DAY1 = "2024-01-01";
    private static final String DAY2 = "2024-01-02";

    @BeforeAll
    static void writeDays() {
        StructType schema = new StructType().add("y", DataTypes.DoubleType).add("p", DataTypes.DoubleType);
        write(schema, DAY1, List.of(RowFactory.create(1.0, 0.9), RowFactory.create(0.0, 0.1)));
        write(schema, DAY2, List.of(RowFactory.create(1.0, 0.8), RowFactory.create(0.0, 0.2)));
    }

    private static void write(StructType schema, String day, List<Row> rows) {
        JobTestSupport.spark().createDataFrame(rows, schema).coalesce(1).write()
                .parquet(tmp.resolve("in/day=" + day).toString());
    }

    /** A config whose paths are Hadoop URIs (file://) with the run date in the input path. */
    private static Path config(String name, String gate) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "input: " + tmp.resolve("in").toUri() + "day=${run_date}\nprediction: p\nlabel: y\nlosses: [mse]\n"
                + "output: {path: " + tmp.resolve(name).toUri() + "}\nhistory: " + tmp.resolve(name + "-history").toUri() + "\n"
                + (gate == null ? "" : "gate:\n" + gate));
        return f;
    }

    private static JsonNode runJson(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("_run.json").toFile());
    }

    @Test
    void eachRunDateIsAPartitionAndARerunReplacesOnlyItsOwn() throws IOException {
        Path f = config("daily", null);
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--run-date", DAY1));
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--run-date", DAY2));
        Path p1 = tmp.resolve("daily/run_date=" + DAY1);
        Path p2 = tmp.resolve("daily/run_date=" + DAY2);
        String day2Before = Files.readString(p2.resolve("_run.json"));
        String day1Run = runJson(p1).get("run_id").asText();
        assertEquals(tmp.resolve("in").toUri() + "day=" + DAY1, runJson(p1).at("/config/input/path").asText());
        assertEquals(DAY1, runJson(p1).get("run_date").asText());

        // A rerun of day 1 (no --overwrite needed: the date's partition is the run's own).
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--run-date", DAY1));
        assertNotEquals(day1Run, runJson(p1).get("run_id").asText());
        assertEquals(day2Before, Files.readString(p2.resolve("_run.json")), "day 2 untouched");
        try (Stream<Path> s = Files.list(tmp.resolve("daily"))) {
            assertEquals(List.of("run_date=" + DAY1, "run_date=" + DAY2), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging or previous directory left behind");
        }

        // The partitioned report reads as one table with a run_date column.
        List<Row> rows = JobTestSupport.spark().read().parquet(tmp.resolve("daily").toString())
                .orderBy("run_date").select("run_date", "value").collectAsList();
        assertEquals(2, rows.size());
        assertEquals(DAY1, rows.get(0).get(0).toString());
        assertEquals(0.01, rows.get(0).getDouble(1), 1e-15);
        assertEquals(0.04, rows.get(1).getDouble(1), 1e-15);

        // Every run appended to the history: three runs, two dates.
        List<Row> history = JobTestSupport.spark().read().parquet(tmp.resolve("daily-history").toString())
                .select("run_date", "run_id", "slice_key", "loss", "value").collectAsList();
        assertEquals(3, history.size());
        assertEquals(2, HistoryTable.latestPerDate(HistoryTable.read(JobTestSupport.spark(), tmp.resolve("daily-history").toString())).count());
        assertTrue(history.stream().allMatch(r -> r.getString(2).equals("overall") && r.getString(3).equals("mse")));
    }

    @Test
    void theRunDateIsRequiredWherePathsUseIt() throws IOException {
        Path f = config("undated", null);
        assertEquals(2, Main.execute("run", "--config", f.toString()));
        assertEquals(2, Main.execute("run", "--config", f.toString(), "--run-date", "01/02/2024"));
        assertEquals(2, Main.execute("run", "--config", f.toString(), "--run-date", DAY1, "--set", "output.path=" + tmp.resolve("x-${day}")));
        assertFalse(Files.exists(tmp.resolve("undated")));
    }

    @Test
    void aDatedRunDoesNotWriteIntoAnUndatedReport() throws IOException {
        Path f = config("mixed", null);
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--set", "input=" + tmp.resolve("in/day=" + DAY1)));
        String before = Files.readString(tmp.resolve("mixed/_run.json"));
        assertEquals(2, Main.execute("run", "--config", f.toString(), "--run-date", DAY1));
        assertEquals(before, Files.readString(tmp.resolve("mixed/_run.json")));
        assertFalse(Files.exists(tmp.resolve("mixed/run_date=" + DAY1)));
    }

    @Test
    void theGateComparesWithThePreviousRunInTheHistory() throws IOException {
        Path f = config("gated", "  - {loss: mse, baseline: previous_run, max_worsening: 0.02}\n");
        // The first run has no previous run: a missing baseline fails its check (the report is written).
        assertEquals(3, Main.execute("run", "--config", f.toString(), "--run-date", DAY1));
        JsonNode first = runJson(tmp.resolve("gated/run_date=" + DAY1));
        assertFalse(first.at("/validation/passed").asBoolean());
        assertTrue(first.at("/validation/failures/0/reason").asText().contains("no row"), first.toString());
        // Day 2 against day 1: mse 0.04 vs 0.01, worse by 0.03 > 0.02.
        assertEquals(3, Main.execute("run", "--config", f.toString(), "--run-date", DAY2));
        JsonNode second = runJson(tmp.resolve("gated/run_date=" + DAY2));
        assertEquals(0.03, second.at("/validation/failures/0/worsening").asDouble(), 1e-15);
        assertEquals(0.01, second.at("/validation/failures/0/baseline_value").asDouble(), 1e-15);
        // With a looser bound, the rerun of day 2 passes: its previous run is still day 1, not day 2's first run.
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--run-date", DAY2,
                "--set", "gate=[{loss: mse, baseline: previous_run, max_worsening: 0.05}]"));
        JsonNode rerun = runJson(tmp.resolve("gated/run_date=" + DAY2));
        assertTrue(rerun.at("/validation/passed").asBoolean());
        Row check = JobTestSupport.spark().read().parquet(tmp.resolve("gated/run_date=" + DAY2 + "/_checks").toString()).first();
        assertEquals("the previous run " + first.get("run_id").asText() + " (" + DAY1 + ")", check.getString(check.fieldIndex("baseline")));
    }

    @Test
    void theHistoryCommandShowsALossOverTime() throws IOException {
        Path f = config("shown", null);
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--run-date", DAY2));
        assertEquals(0, Main.execute("run", "--config", f.toString(), "--run-date", DAY1));
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.execute("history", "--config", f.toString(), "--loss", "mse", "--slice", "overall");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        String out = buf.toString(StandardCharsets.UTF_8);
        int day1 = out.indexOf(DAY1);
        int day2 = out.indexOf(DAY2);
        assertTrue(day1 > 0 && day2 > day1, "oldest first:\n" + out);
        assertEquals(0.01, shownValue(out, DAY1), 1e-15, out);
        assertEquals(0.04, shownValue(out, DAY2), 1e-15, out);
        assertTrue(out.contains("2 row(s) of mse on overall"), out);
        assertEquals(2, Main.execute("history", "--loss", "mse"));
        assertEquals(4, Main.execute("history", "--history", tmp.resolve("nothing-here").toString(), "--loss", "mse"));
    }

    /** The value column of the history table line of a run date. */
    private static double shownValue(String out, String date) {
        String line = out.lines().filter(l -> l.startsWith("|" + date)).findFirst().orElseThrow();
        return Double.parseDouble(line.split("\\|")[7].trim());
    }

    @Test
    void aFileSystemWithoutItsConnectorIsAUsageErrorNamingThePathAndThePackage() throws IOException {
        Path f = config("s3", null);
        String[][] cases = {{"--output", "s3a://bucket/reports/x", "hadoop-aws"}, {"--input", "gs://bucket/in", "gcs-connector"},
                {"--set", "history=abfss://c@a.dfs.core.windows.net/h", "hadoop-azure"}};
        for (String[] c : cases) {
            PrintStream saved = System.err;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code;
            try {
                System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
                code = Main.execute("run", "--config", f.toString(), "--run-date", DAY1, c[0], c[1]);
            } finally {
                System.setErr(saved);
            }
            String err = buf.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, err);
            assertTrue(err.contains(c[1].replace("history=", "")) && err.contains("add the connector") && err.contains(c[2]), err);
        }
        assertFalse(Files.exists(tmp.resolve("s3")), "nothing written");
    }
}
