package dev.lossreport.job.cli;

import dev.lossreport.job.data.PrepareData;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lossreport prepare-data}: the bundled public data as Parquet tables. */
@Command(name = "prepare-data", mixinStandardHelpOptions = true,
        description = "Converts the public CSV and text files (FiveThirtyEight, trec_eval) into the Parquet tables the examples read.")
public final class PrepareDataCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "DIR", description = "Folder with fivethirtyeight/ and trec_eval/ (default: ../shared/data/raw beside the project).")
    Path source;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the tables go (default: data/ in the project).")
    Path output;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[*]).")
    String master;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty("lossreport.home", "."));
        Path src = source != null ? source : home.resolve("../shared/data/raw").normalize();
        Path out = output != null ? output : home.resolve("data");
        SparkSession spark = Sessions.create(master, Map.of());
        Map<String, Long> counts = PrepareData.run(spark, src, out);
        counts.forEach((table, rows) -> System.out.printf("%-20s %7d rows  %s%n", table, rows, out.resolve(table)));
        return 0;
    }
}
