package dev.lossreport.job.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark table: N rows in 8 Parquet files, deterministic from the row id.
 * Columns: {@code g1} (G groups, scattered by a hash so every file holds every group), {@code g2},
 * {@code g3}, {@code g4} (100, 10 and 1000 groups, the extra slicings), {@code p} a probability in
 * (0.01, 0.99), {@code y} a 0/1 label drawn with probability p, {@code w} a weight in {1, 2, 3, 4},
 * and {@code x} the logit of p. A marker file records N and G so a table is reused only when it fits.
 */
final class BenchData {
    private BenchData() {
    }

    static final int FILES = 8;

    static Path table(SparkSession spark, Path root, long rows, long groups) {
        Path dir = root.resolve("n" + rows + "_g" + groups);
        Path marker = dir.resolve("_BENCH");
        String expected = "rows=" + rows + " groups=" + groups + " files=" + FILES + " layout=2";
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(expected)) {
                return dir;
            }
            Dataset<Row> df = spark.range(0, rows, 1, FILES).selectExpr(
                    "CAST(pmod(hash(id, 3), " + groups + ") AS BIGINT) AS g1",
                    "CAST(pmod(hash(id, 5), 100) AS INT) AS g2",
                    "CAST(pmod(hash(id, 7), 10) AS INT) AS g3",
                    "CAST(pmod(hash(id, 11), 1000) AS INT) AS g4",
                    "CAST(0.01 + 0.98 * (pmod(hash(id, 13), 1000003) / 1000003.0) AS DOUBLE) AS p",
                    "CAST(pmod(hash(id, 17), 1000003) / 1000003.0 AS DOUBLE) AS u",
                    "CAST(1 + pmod(hash(id, 19), 4) AS DOUBLE) AS w")
                    .selectExpr("g1", "g2", "g3", "g4", "p", "CAST(u < p AS DOUBLE) AS y", "w", "ln(p / (1 - p)) AS x");
            df.write().mode("overwrite").parquet(dir.toString());
            Files.writeString(marker, expected);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the benchmark table under " + root, e);
        }
    }
}
