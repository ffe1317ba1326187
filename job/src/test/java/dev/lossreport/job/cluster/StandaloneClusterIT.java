package dev.lossreport.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import dev.lossreport.job.data.PrepareData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The job where users run it: a real Spark standalone cluster on 127.0.0.1 started by
 * {@code deploy/standalone} (a master and two workers, each its own JVM, executors in JVMs of their
 * own), the shaded job jar submitted by {@code deploy/submit} with {@code conf/spark-defaults.conf}.
 * Its reports must equal the local-mode report on the same input, also when an executor dies in the
 * middle of the job, and a failed gate must reach the scheduler as spark-submit's exit code 3. Every process is stopped by its pid ({@code deploy/standalone stop}), and the
 * test checks that none is left.
 */
class StandaloneClusterIT {
    /** Input files of the split copy of the NFL table: the pass then has this many tasks. */
    private static final int SPLITS = 12;
    private static final long NFL_ROWS = 16810;
    private static final long SUBMIT_TIMEOUT_MINUTES = 10;

    @TempDir
    static Path tmp;
    private static Path root;
    private static Path cluster;
    private static Path games;
    private static Path split;
    private static String master;
    private static final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        root = JobTestSupport.projectRoot();
        assertTrue(Files.isRegularFile(root.resolve("job/target/lossreport-job.jar")), "the shaded jar is built (package)");
        Path data = tmp.resolve("data");
        PrepareData.run(JobTestSupport.spark(), JobTestSupport.shared().resolve("data/raw"), data);
        games = data.resolve("nfl/games");
        split = data.resolve("nfl/games_split");
        JobTestSupport.spark().read().parquet(games.toString()).repartition(SPLITS).write().parquet(split.toString());

        cluster = tmp.resolve("cluster");
        Run start = script(List.of(root.resolve("deploy/standalone").toString(), "start", "--dir", cluster.toString(),
                "--workers", "2", "--worker-cores", "2", "--worker-memory", "3g"), 5);
        assertEquals(0, start.exit(), start.output());
        master = Files.readString(cluster.resolve("master.url")).trim();
        assertTrue(master.startsWith("spark://127.0.0.1:"), master);
        for (Path pid : pidFiles()) {
            started.add(ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow());
        }
        assertEquals(3, started.size(), "a master and two workers");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(started);
        started.forEach(p -> p.descendants().forEach(all::add));
        Run stop = script(List.of(root.resolve("deploy/standalone").toString(), "stop", "--dir", cluster.toString()), 3);
        assertEquals(0, stop.exit(), stop.output());
        for (ProcessHandle p : all) {
            assertFalse(p.isAlive(), "process " + p.pid() + " still runs after deploy/standalone stop");
        }
    }

    @Test
    void clusterModeReportEqualsTheLocalModeReport() throws Exception {
        Path local = tmp.resolve("reports/nfl-local");
        assertEquals(0, Main.execute("run", "--config", root.resolve("conf/examples/nfl.yaml").toString(),
                "--set", "input.path=" + games, "--output", local.toString(), "--show", "1"));

        Path out = tmp.resolve("reports/nfl-cluster");
        Run submit = submit(List.of("--deploy-mode", "cluster"), List.of("run", "--config",
                root.resolve("conf/examples/nfl.yaml").toString(), "--set", "input.path=" + games,
                "--output", out.toString()));
        assertEquals(0, submit.exit(), submit.output());
        // Standalone cluster mode: spark-submit exits 0 whatever the driver did; its final state says.
        String driver = group(submit.output(), "Driver successfully submitted as (driver-[0-9-]+)");
        assertTrue(submit.output().contains("State of driver " + driver + " is FINISHED"), submit.output());

        // The driver ran on a worker, its executors in two other JVMs, one per worker.
        Path driverDir = workDirs().map(w -> w.resolve(driver)).filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new AssertionError("no work directory of " + driver));
        String app = group(Files.readString(driverDir.resolve("stderr")), "app ID (app-[0-9-]+)");
        assertEquals(2, workDirs().filter(w -> Files.isDirectory(w.resolve(app))).count(), "executors of " + app + " on both workers");

        assertSameReport(local, out);
    }

    @Test
    void aKilledExecutorIsReplacedAndTheReportIsTheSame() throws Exception {
        // A prediction that sleeps 1 ms a row keeps each of the SPLITS tasks of the pass busy for about
        // a second, so the executor dies while the pass still has tasks to run.
        String slow = "elo_prob1 + 0 * coalesce(length(java_method('java.lang.Thread', 'sleep', cast(1 as bigint))), 0)";
        Path config = tmp.resolve("slow-nfl.yaml");
        Files.writeString(config, Files.readString(root.resolve("conf/examples/nfl.yaml"))
                .replace("prediction: elo_prob1", "prediction: \"" + slow + "\"")
                .replace("path: data/nfl/games", "path: " + split));
        assertTrue(Files.readString(config).contains("java_method"));

        Path local = tmp.resolve("reports/slow-local");
        assertEquals(0, Main.execute("run", "--config", config.toString(), "--output", local.toString(), "--show", "1"));

        Path out = tmp.resolve("reports/slow-cluster");
        Pattern taskDone = Pattern.compile("Finished task \\S+ in stage \\S+ .*\\(executor (\\d+)\\) \\((\\d+)/" + SPLITS + "\\)");
        long[] killed = {-1, -1};
        // One task per input file (Spark would pack these small files into one task per core).
        Run submit = submit(List.of("--deploy-mode", "client", "--conf", "spark.driver.host=127.0.0.1",
                        "--conf", "spark.sql.files.minPartitionNum=" + SPLITS),
                List.of("run", "--config", config.toString(), "--output", out.toString()), line -> {
                    Matcher m = taskDone.matcher(line);
                    if (killed[0] < 0 && m.find()) {
                        killed[0] = Long.parseLong(m.group(1));
                        ProcessHandle executor = executorProcess(m.group(1)).orElseThrow(
                                () -> new AssertionError("no process of executor " + m.group(1)));
                        killed[1] = executor.pid();
                        executor.destroyForcibly();
                    }
                });
        assertEquals(0, submit.exit(), submit.output());
        assertTrue(killed[0] >= 0, "no task of the pass finished before the job ended:\n" + submit.output());
        assertTrue(submit.output().contains("Lost executor " + killed[0]),
                "the driver saw executor " + killed[0] + " (pid " + killed[1] + ") die:\n" + submit.output());

        // What Spark did about it, for the test log.
        System.out.println("killed executor " + killed[0] + " (pid " + killed[1] + "); the driver then logged:");
        submit.output().lines().filter(l -> l.matches(".*(Lost executor|Lost task|Resubmitt|FetchFailed|Executor added|Removed executor).*"))
                .limit(40).forEach(l -> System.out.println("  " + l));
        assertSameReport(local, out);
        JsonNode run = new ObjectMapper().readTree(out.resolve("_run.json").toFile());
        assertEquals(NFL_ROWS, run.at("/inputs/rows_scanned").asLong(), "retried tasks are counted once");
    }

    @Test
    void aFailedGateIsExitCodeThreeThroughSparkSubmitInClientMode() throws Exception {
        Path out = tmp.resolve("reports/nfl-nightly");
        Run submit = submit(List.of("--deploy-mode", "client", "--conf", "spark.driver.host=127.0.0.1"), List.of("run",
                "--config", root.resolve("conf/examples/nfl-nightly.yaml").toString(), "--set", "input.path=" + games,
                "--output", out.toString(), "--set", "history=" + tmp.resolve("history/nfl"), "--run-date", "2020-02-03",
                "--set", "gate=[{loss: bce, slices: [overall, season], max: 0.62}]", "--show", "1"));
        assertEquals(3, submit.exit(), submit.output());
        JsonNode run = new ObjectMapper().readTree(out.resolve("run_date=2020-02-03/_run.json").toFile());
        assertEquals(46, run.at("/validation/failed").asInt());
        assertTrue(submit.output().contains("validation: FAILED, 102 checked, 46 failed"), submit.output());
    }

    /** Same rows, same counts, values equal to 1e-12 relative (the merge order may differ). */
    private static void assertSameReport(Path expectedDir, Path actualDir) throws IOException {
        List<Row> expectedRows = JobTestSupport.spark().read().parquet(expectedDir.toString()).collectAsList();
        List<Row> actualRows = JobTestSupport.spark().read().parquet(actualDir.toString()).collectAsList();
        Map<String, Row> expected = JobTestSupport.bySliceAndPrediction(expectedRows);
        Map<String, Row> actual = JobTestSupport.bySliceAndPrediction(actualRows);
        assertEquals((1 + 101 + 2) * 5, expected.size()); // 5 losses of conf/examples/nfl.yaml
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Row> e : expected.entrySet()) {
            Row a = actual.get(e.getKey());
            Row x = e.getValue();
            for (String c : x.schema().fieldNames()) {
                Object xv = x.get(x.fieldIndex(c));
                Object av = a.get(a.fieldIndex(c));
                if (c.equals("value")) {
                    double xd = (Double) xv;
                    double ad = (Double) av;
                    assertEquals(xd, ad, 1e-12 * Math.max(Math.abs(xd), Math.abs(ad)), e.getKey());
                } else {
                    assertEquals(xv, av, e.getKey() + " " + c);
                }
            }
        }
        JsonNode x = new ObjectMapper().readTree(expectedDir.resolve("_run.json").toFile());
        JsonNode a = new ObjectMapper().readTree(actualDir.resolve("_run.json").toFile());
        assertEquals(x.get("inputs"), a.get("inputs"));
        assertEquals(x.at("/report/rows"), a.at("/report/rows"));
        assertEquals("succeeded", a.get("outcome").asText());
    }

    /** The executor's JVM: a child of one of the workers, found by its executor id. */
    private static Optional<ProcessHandle> executorProcess(String executorId) {
        return started.stream().flatMap(ProcessHandle::children).filter(p -> {
            List<String> args = Arrays.asList(p.info().arguments().orElse(new String[0]));
            int i = args.indexOf("--executor-id");
            return args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && i >= 0
                    && i + 1 < args.size() && args.get(i + 1).equals(executorId);
        }).findFirst();
    }

    private record Run(int exit, String output) {
    }

    private static Run submit(List<String> sparkArgs, List<String> jobArgs) throws Exception {
        return submit(sparkArgs, jobArgs, null);
    }

    private static Run submit(List<String> sparkArgs, List<String> jobArgs, java.util.function.Consumer<String> onLine)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("deploy/submit").toString(), "--master", master,
                "--driver-memory", "1g", "--executor-memory", "1g", "--conf", "spark.executor.cores=1",
                "--conf", "spark.cores.max=2", "--conf", "spark.ui.enabled=false"));
        cmd.addAll(sparkArgs);
        cmd.add("--");
        cmd.addAll(jobArgs);
        return run(cmd, SUBMIT_TIMEOUT_MINUTES, onLine);
    }

    private static Run script(List<String> cmd, long minutes) throws Exception {
        return run(cmd, minutes, null);
    }

    /** Runs a command, reading its output as it comes; a command over its time is killed by its pid. */
    private static Run run(List<String> cmd, long minutes, java.util.function.Consumer<String> onLine) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    if (onLine != null) {
                        onLine.accept(line);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("timed out after " + minutes + " min: " + cmd + "\n" + String.join("\n", lines));
        }
        reader.get(1, TimeUnit.MINUTES);
        return new Run(p.exitValue(), String.join("\n", lines));
    }

    private static List<Path> pidFiles() throws IOException {
        try (Stream<Path> s = Files.list(cluster)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().toList();
        }
    }

    private static Stream<Path> workDirs() throws IOException {
        try (Stream<Path> s = Files.list(cluster)) {
            return s.filter(f -> Files.isDirectory(f) && f.getFileName().toString().startsWith("worker-")).toList().stream();
        }
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match of " + regex + " in:\n" + text);
        assertNotNull(m.group(1));
        return m.group(1);
    }
}
