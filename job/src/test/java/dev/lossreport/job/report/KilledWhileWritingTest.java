package dev.lossreport.job.report;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real job process (a child JVM on the test classpath, as the launcher runs it) is killed with
 * SIGKILL while Spark writes its report over an earlier one; the earlier report must be intact and
 * readable, nothing at the output path may look like the new report, and the next run must succeed.
 */
class KilledWhileWritingTest {
    @TempDir
    Path tmp;

    @Test
    void killingTheJobWhileItWritesLeavesTheEarlierReportIntact() throws Exception {
        Path input = tmp.resolve("input");
        // 60k slices x 2 losses: a report big enough that writing it takes a while.
        JobTestSupport.spark().range(60_000).selectExpr("id AS k", "(id % 97) / 97D AS p", "(id % 2) * 1D AS y")
                .repartition(4).write().parquet(input.toString());
        Path out = tmp.resolve("reports/r");
        List<String> args = List.of("run", "--input", input.toString(), "--prediction", "p", "--label", "y",
                "--group-by", "k", "--loss", "mse", "--loss", "mae", "--output", out.toString(), "--show", "1",
                "--set", "spark.conf.spark.sql.shuffle.partitions=8");
        assertEquals(0, Main.execute(args.toArray(String[]::new)), "the earlier report");
        String earlierRun = Files.readString(out.resolve("_run.json"));
        long earlierRows = JobTestSupport.spark().read().parquet(out.toString()).count();
        assertEquals((1 + 60_000) * 2, earlierRows);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + JobTestSupport.projectRoot().resolve("conf/log4j2.properties"),
                Main.class.getName()));
        command.addAll(args);
        command.addAll(List.of("--overwrite", "--master", "local[2]"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process child = pb.start();
        try {
            // Wait until Spark's tasks write report files into the staging directory, then kill at once.
            boolean writing = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && System.nanoTime() < deadline) {
                if (stagingHasFiles(out)) {
                    writing = true;
                    break;
                }
                Thread.sleep(10);
            }
            assertTrue(writing && child.isAlive(), "the child never reached the write: " + Files.readString(tmp.resolve("child.log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        // The earlier report, untouched and readable; the dead run's staging is hidden beside it.
        assertEquals(earlierRun, Files.readString(out.resolve("_run.json")));
        assertEquals(earlierRows, JobTestSupport.spark().read().parquet(out.toString()).count());
        assertTrue(staging(out).isPresent(), "the killed run's staging is still there, hidden");

        // The next run publishes normally and removes what the dead run left.
        assertEquals(0, Main.execute(new ArrayList<>(args) {{ add("--overwrite"); }}.toArray(String[]::new)));
        assertFalse(earlierRun.equals(Files.readString(out.resolve("_run.json"))));
        assertFalse(staging(out).isPresent());
    }

    private static Optional<Path> staging(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + out.getFileName() + "._staging-")).findFirst();
        }
    }

    private static boolean stagingHasFiles(Path out) throws IOException {
        Optional<Path> staging = staging(out);
        if (staging.isEmpty()) {
            return false;
        }
        try (Stream<Path> s = Files.walk(staging.get())) {
            // Task output still under _temporary: Spark has not committed the write, so the kill lands mid-write.
            return s.anyMatch(p -> p.getFileName().toString().startsWith("part-") && p.toString().contains("/_temporary/"));
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false;
        }
    }
}
