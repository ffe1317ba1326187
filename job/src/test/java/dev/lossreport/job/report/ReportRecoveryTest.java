package dev.lossreport.job.report;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publishing protocol of {@link ReportWriter} after a run died at each of its steps: the state
 * such a death leaves is built by hand around a real report, and the next run must bring back the
 * earlier report (or clear what is not a complete report) and clean up what the dead run left.
 */
class ReportRecoveryTest {
    @TempDir
    Path tmp;
    private Path input;
    private Path out;
    private String earlier;

    @BeforeEach
    void earlierReport() throws IOException {
        input = tmp.resolve("input");
        JobTestSupport.spark().sql("SELECT * FROM VALUES (0.5D, 1D), (0.25D, 0D) AS t(p, y)").coalesce(1)
                .write().parquet(input.toString());
        out = tmp.resolve("reports/r");
        Result first = run(false);
        assertEquals(0, first.code, first.err);
        earlier = Files.readString(out.resolve("_run.json"));
    }

    private record Result(int code, String err) {
    }

    private Result run(boolean overwrite) {
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("run", "--input", input.toString(), "--prediction", "p",
                "--label", "y", "--loss", "mse", "--output", out.toString(), "--show", "1"));
        if (overwrite) {
            args.add("--overwrite");
        }
        int code = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(code, err.toString());
    }

    private Path sibling(String suffix) {
        return out.resolveSibling("." + out.getFileName() + "." + suffix);
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(out.getParent())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A half-written staging directory, as a run killed while Spark wrote leaves it. */
    private void deadStaging(String run) throws IOException {
        Path staging = sibling("_staging-" + run);
        Files.createDirectories(staging.resolve("_temporary/0"));
        Files.writeString(staging.resolve("_temporary/0/part-00000.parquet"), "half");
    }

    /**
     * The report is staged in parts (the overall slice last, finished from what writing the slices
     * computed): a part that fails after another was written removes the staging, so no partial report
     * is left to publish, and the earlier report stays as it was.
     */
    @Test
    void aPartThatFailsAfterAnotherWasStagedLeavesNoStaging() throws IOException {
        ReportWriter writer = new ReportWriter(JobTestSupport.spark(), new JobConfig.Output(out.toString(), "parquet", true));
        List<Supplier<Dataset<Row>>> parts = List.of(
                () -> JobTestSupport.spark().sql("SELECT 1 AS x"),
                () -> {
                    assertTrue(Files.isDirectory(sibling("_staging-failing-run")), "the first part is staged");
                    throw new IllegalStateException("the overall part failed");
                });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.stage("failing-run", parts));
        assertEquals("the overall part failed", e.getMessage());
        assertFalse(Files.exists(sibling("_staging-failing-run")));
        assertEquals(earlier, Files.readString(out.resolve("_run.json")));
    }

    @Test
    void diedBetweenTheTwoRenamesOfAnOverwrite() throws IOException {
        // Step 2 done (the earlier report moved aside), step 3 not: nothing at the output path.
        Files.move(out, sibling("_previous-20990101T000000Z-dead"));
        deadStaging("20990101T000000Z-dead");
        Result r = run(false);
        // The next run puts the earlier report back first, so without --overwrite it is refused as usual.
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains("already holds a report"), r.err);
        assertEquals(earlier, Files.readString(out.resolve("_run.json")));
        assertEquals(1, JobTestSupport.spark().read().parquet(out.toString()).count(), "the earlier report is readable");
        assertEquals(List.of("r"), siblings());
    }

    @Test
    void diedAfterRenamingStagingBeforeWritingRunJson() throws IOException {
        // Steps 2 and 3 done, step 4 not: an incomplete new report (marker, no _run.json) and the earlier one aside.
        Files.move(out, sibling("_previous-20990101T000000Z-dead"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("part-00000.parquet"), "new, never completed");
        Files.writeString(out.resolve(ReportWriter.MARKER), "20990101T000000Z-dead\n");
        assertEquals(2, run(false).code);
        assertEquals(earlier, Files.readString(out.resolve("_run.json")));
        assertFalse(Files.readString(out.resolve(ReportWriter.MARKER)).contains("dead"));
        assertEquals(1, JobTestSupport.spark().read().parquet(out.toString()).count());
        assertEquals(List.of("r"), siblings());
        // And an overwrite then replaces it as usual.
        Result r = run(true);
        assertEquals(0, r.code, r.err);
        assertFalse(earlier.equals(Files.readString(out.resolve("_run.json"))));
        assertEquals(List.of("r"), siblings());
    }

    @Test
    void diedAfterPublishingBeforeDeletingTheEarlierReport() throws IOException {
        Path previous = sibling("_previous-20990101T000000Z-dead");
        Files.createDirectories(previous);
        Files.writeString(previous.resolve("_run.json"), "{}");
        deadStaging("20990101T000001Z-dead");
        Result r = run(true);
        assertEquals(0, r.code, r.err);
        assertEquals(List.of("r"), siblings());
        // _run.json says what was removed.
        var recovery = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("_run.json").toFile()).get("output_recovery");
        assertEquals(List.of(
                "removed .r._previous-20990101T000000Z-dead, a report an interrupted run had moved aside and then replaced",
                "removed .r._staging-20990101T000001Z-dead, the staging directory of an interrupted run"),
                java.util.stream.StreamSupport.stream(recovery.spliterator(), false).map(n -> n.asText()).toList());
    }

    @Test
    void anIncompleteFirstReportIsClearedWithoutOverwrite() throws IOException {
        // A first run died between steps 3 and 4: no earlier report exists, the new one lacks _run.json.
        deleteTree(out);
        Files.createDirectories(out);
        Files.writeString(out.resolve("part-00000.parquet"), "never completed");
        Files.writeString(out.resolve(ReportWriter.MARKER), "20990101T000000Z-dead\n");
        Result r = run(false);
        assertEquals(0, r.code, r.err);
        assertEquals(1, JobTestSupport.spark().read().parquet(out.toString()).count());
        assertTrue(Files.readString(out.resolve("_run.json")).contains("removed an incomplete report"));
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
