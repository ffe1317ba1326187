package dev.lossreport.job.bench;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code lossreport bench}: the job's engine against plain Spark SQL, a bare scan, typed Aggregators,
 * the MLlib evaluator loop (small G) and DuckDB, on a generated Parquet table, in one JVM.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the engine against native Spark SQL on a generated Parquet table.",
                "Also times a bare scan, one typed Aggregator per loss, the MLlib evaluator loop (small G) and DuckDB on"
                        + " the same table, checks first that all agree, and prints median seconds, rows per second and"
                        + " the ratios to native SQL and to the scan."})
public final class BenchCommand implements Callable<Integer> {
    static final List<String> VARIANTS = List.of("engine", "sql", "one-slicing", "scan", "aggregators", "mllib", "duckdb", "bootstrap");

    @Option(names = "--rows", description = "Rows in the table (default ${DEFAULT-VALUE}).", defaultValue = "20000000")
    long rows;

    @Option(names = "--groups", split = ",", description = "Group counts G of the first slicing (default ${DEFAULT-VALUE}).",
            defaultValue = "1,100,10000,100000,1000000")
    List<Long> groups;

    @Option(names = "--losses", split = ",", description = "Loss counts: 6 and/or 20 (default ${DEFAULT-VALUE}).", defaultValue = "6")
    List<Integer> losses;

    @Option(names = "--slicings", split = ",", description = "Slicing counts, 1 to 4: g1, then g2, g3, g4 (default ${DEFAULT-VALUE}).", defaultValue = "1")
    List<Integer> slicings;

    @Option(names = "--rounds", description = "Timed rounds; the median is reported (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int rounds;

    @Option(names = "--variants", split = ",", description = "Any of engine, sql, one-slicing (the engine, and with scan the bare scan, on the first slicing alone, in the same rounds as a case of several), scan, aggregators, mllib, duckdb, bootstrap (the engine with B = 20 Poisson bootstrap replicates); default all but bootstrap.",
            defaultValue = "engine,sql,one-slicing,scan,aggregators,mllib,duckdb")
    List<String> variants;

    @Option(names = "--mllib-max-groups", description = "Run the MLlib loop only up to this G (default ${DEFAULT-VALUE}).", defaultValue = "100")
    long mllibMaxGroups;

    @Option(names = "--data", description = "Where generated tables are kept and reused (default ${DEFAULT-VALUE}).",
            defaultValue = "target/bench-data")
    Path data;

    @Option(names = "--master", description = "Spark master (default ${DEFAULT-VALUE}).", defaultValue = "local[2]")
    String master;

    @Option(names = "--check-groups", description = "Groups per slicing whose values are compared across variants (default ${DEFAULT-VALUE}).",
            defaultValue = "1000")
    long checkGroups;

    @Option(names = "--explain", description = "Print the engine's physical plan of the scan.")
    boolean explain;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** The cost of the extra slicings, one line per case that ran the one-slicing variant. */
    private final List<String> slicingRatios = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintStream out = System.out;
        long launched = ManagementFactory.getRuntimeMXBean().getStartTime();
        SparkSession spark = SparkSession.builder().master(master).appName("lossreport-bench")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        FirstTask first = FirstTask.listen(spark);
        int threads = spark.sparkContext().defaultParallelism();
        out.printf(Locale.ROOT, "lossreport bench: %,d rows, %s, %d threads, Java %s, Spark %s, %d cores, %d MiB heap%n",
                rows, master, threads, System.getProperty("java.version"), spark.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.printf(Locale.ROOT, "JVM start to SparkSession: %.2f s%n", (System.currentTimeMillis() - launched) / 1e3);

        boolean firstTaskShown = false;
        List<String> table = new ArrayList<>();
        table.add("| G | losses | slicings | variant | median s | rows/s | vs native SQL | vs scan |");
        table.add("|---:|---:|---:|---|---:|---:|---:|---:|");
        for (long g : groups) {
            String dir = BenchData.table(spark, data, rows, g).toAbsolutePath().toString();
            if (!firstTaskShown && first.seconds(launched) != null) {
                firstTaskShown = true; // the table was generated: its first task was the job's first
                out.printf(Locale.ROOT, "JVM start to first task: %.2f s%n", first.seconds(launched));
            }
            for (int l : losses) {
                for (int s : slicings) {
                    BenchCase bench = new BenchCase(dir, rows, g, l == 20 ? BenchLosses.TWENTY : BenchLosses.SIX,
                            BenchCase.slicings(s));
                    runCase(spark, bench, threads, table, out);
                    if (!firstTaskShown && first.seconds(launched) != null) {
                        firstTaskShown = true;
                        out.printf(Locale.ROOT, "JVM start to first task: %.2f s%n", first.seconds(launched));
                    }
                }
            }
        }
        out.println();
        table.forEach(out::println);
        if (!slicingRatios.isEmpty()) {
            out.println();
            slicingRatios.forEach(out::println);
        }
        return 0;
    }

    /** A misspelt variant or an unsupported count is a usage error before Spark starts, not a silent skip. */
    private void checkOptions() {
        for (String v : variants) {
            if (!VARIANTS.contains(v)) {
                throw new ParameterException(spec.commandLine(), "--variants: unknown variant '" + v + "'; choose from " + String.join(", ", VARIANTS));
            }
        }
        for (int l : losses) {
            if (l != 6 && l != 20) {
                throw new ParameterException(spec.commandLine(), "--losses: " + l + " is not a loss count of the bench; choose 6 or 20");
            }
        }
        for (int s : slicings) {
            if (s < 1 || s > 4) {
                throw new ParameterException(spec.commandLine(), "--slicings: " + s + " is not between 1 and 4");
            }
        }
    }

    private void runCase(SparkSession spark, BenchCase bench, int threads, List<String> table, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%nG=%,d, %d losses, %d slicing(s)%n", bench.groups(), bench.losses().size(), bench.slicings().size());
        List<Variant> vs = new ArrayList<>();
        EngineVariant engine = new EngineVariant(spark, bench);
        if (variants.contains("engine")) {
            vs.add(engine);
        }
        if (variants.contains("sql")) {
            vs.add(new NativeSqlVariant(spark, bench, false));
        }
        if (variants.contains("one-slicing") && bench.slicings().size() > 1) {
            vs.add(EngineVariant.firstSlicingOnly(spark, bench));
        }
        if (variants.contains("bootstrap")) {
            vs.add(new EngineVariant(spark, bench, 20));
        }
        if (variants.contains("scan")) {
            vs.add(new ScanVariant(spark, bench));
            if (variants.contains("one-slicing") && bench.slicings().size() > 1) {
                vs.add(ScanVariant.firstSlicingOnly(spark, bench));
            }
        }
        if (variants.contains("aggregators")) {
            vs.add(new NativeSqlVariant(spark, bench, true));
        }
        if (variants.contains("mllib") && bench.groups() <= mllibMaxGroups && bench.slicings().size() == 1) {
            vs.add(new MllibVariant(spark, bench));
        }
        if (variants.contains("duckdb")) {
            vs.add(new DuckDbVariant(bench, threads));
        }
        if (explain) {
            out.println(engine.explain());
        }
        List<Variant> others = vs.stream().filter(v -> v != engine).toList();
        for (String line : BenchRunner.agreement(engine, others, checkGroups, 1e-9)) {
            out.println("  " + line);
        }
        List<BenchRunner.Timing> timings = BenchRunner.time(vs, rounds, out);
        double sql = median(timings, "native Spark SQL");
        double scan = median(timings, ScanVariant.NAME);
        slicingRatio(timings, bench, engine.name(), EngineVariant.ONE_SLICING, "engine", out);
        slicingRatio(timings, bench, ScanVariant.NAME, ScanVariant.FIRST_SLICING_ONLY, "bare scan", out);
        for (BenchRunner.Timing t : timings) {
            String line = String.format(Locale.ROOT, "| %,d | %d | %d | %s | %.2f | %.1fM | %s | %s |", bench.groups(),
                    bench.losses().size(), bench.slicings().size(), t.variant(), t.medianSeconds(),
                    bench.rows() / t.medianSeconds() / 1e6, ratio(t.medianSeconds(), sql), ratio(t.medianSeconds(), scan));
            out.println("  " + line + "  runs " + java.util.Arrays.toString(t.runs()));
            table.add(line);
        }
        for (Variant v : vs) {
            v.close();
        }
    }

    /** The cost of the extra slicings: the variant with every slicing over the same with the first alone, same rounds. */
    private void slicingRatio(List<BenchRunner.Timing> timings, BenchCase bench, String all, String first, String what, PrintStream out) {
        double one = median(timings, first);
        double full = median(timings, all);
        if (Double.isNaN(one) || Double.isNaN(full)) {
            return;
        }
        String line = String.format(Locale.ROOT, "G=%,d, %d losses: %s with %d slicings / with the first slicing only, same rounds: %.2f"
                        + " (median of each round's own ratio: %.2f)", bench.groups(), bench.losses().size(), what,
                bench.slicings().size(), full / one, pairedRatio(timings, all, first));
        out.println("  " + line);
        slicingRatios.add(line);
    }

    /**
     * The median over rounds of a's time over b's in the same round: the machine's speed drifts over a
     * run, and the two runs of one round are seconds apart. Both variants run once per round (not
     * {@code once()} variants), so their rounds pair by index.
     */
    static double pairedRatio(List<BenchRunner.Timing> timings, String a, String b) {
        double[] x = timings.stream().filter(t -> t.variant().equals(a)).findFirst().orElseThrow().runs();
        double[] y = timings.stream().filter(t -> t.variant().equals(b)).findFirst().orElseThrow().runs();
        double[] ratios = new double[x.length];
        for (int r = 0; r < x.length; r++) {
            ratios[r] = x[r] / y[r];
        }
        return BenchRunner.median(ratios);
    }

    /** The median time of the named variant; NaN when it did not run in this case (its ratios print as "-"). */
    private static double median(List<BenchRunner.Timing> timings, String variant) {
        return timings.stream().filter(t -> t.variant().equals(variant)).mapToDouble(BenchRunner.Timing::medianSeconds)
                .findFirst().orElse(Double.NaN);
    }

    /** A ratio with two decimals, or "-" when the reference variant did not run. */
    private static String ratio(double seconds, double reference) {
        return Double.isNaN(reference) ? "-" : String.format(Locale.ROOT, "%.2f", seconds / reference);
    }
}
