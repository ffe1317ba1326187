package dev.lossreport.job.bench;

import dev.lossreport.job.JobTestSupport;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's hand-written SQL is an independent statement of each loss: on a small table the
 * engine, Spark SQL, one typed Aggregator per loss and DuckDB must agree on every checked value
 * (a loss whose SQL and Java disagree would make every timing meaningless). No timing here.
 */
class BenchAgreementTest {
    @TempDir
    static Path dir;

    @Test
    void twentyLossesFourSlicingsAgreeAcrossEngines() throws Exception {
        SparkSession spark = JobTestSupport.spark();
        String table = BenchData.table(spark, dir, 20_000, 100).toAbsolutePath().toString();
        BenchCase bench = new BenchCase(table, 20_000, 100, BenchLosses.TWENTY, BenchCase.slicings(4));
        EngineVariant engine = new EngineVariant(spark, bench);
        List<Variant> others = List.of(new NativeSqlVariant(spark, bench, false), new NativeSqlVariant(spark, bench, true),
                new DuckDbVariant(bench, 2));
        try {
            List<String> lines = BenchRunner.agreement(engine, others, 100, 1e-9);
            assertEquals(3, lines.size(), String.join("\n", lines));
            for (String line : lines) {
                // overall + 100 + 100 + 10 + 1000 groups (the table is small: not every g4 value occurs)
                long values = Long.parseLong(line.replaceAll(".* on (\\d+) values.*", "$1"));
                assertTrue(values > 20 * (1 + 100 + 100 + 10), line);
            }
        } finally {
            for (Variant v : others) {
                v.close();
            }
        }
    }

    @Test
    void aWrongFormulaIsCaught() throws Exception {
        SparkSession spark = JobTestSupport.spark();
        String table = BenchData.table(spark, dir, 20_000, 100).toAbsolutePath().toString();
        List<BenchLosses.BenchLoss> wrong = List.of(new BenchLosses.BenchLoss("mse", "sum(w * abs(p - y)) / sum(w)"));
        BenchCase bench = new BenchCase(table, 20_000, 100, wrong, BenchCase.slicings(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchRunner.agreement(
                new EngineVariant(spark, bench), List.of(new NativeSqlVariant(spark, bench, false)), 100, 1e-9));
        assertTrue(e.getMessage().contains("differs"), e.getMessage());
    }
}
