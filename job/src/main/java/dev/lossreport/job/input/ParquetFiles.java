package dev.lossreport.job.input;

import dev.lossreport.job.JobException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The data files of one Parquet table and what their footers say, read on the driver before any
 * Spark job: each file's Spark schema and row count, or why it cannot be read (truncated, not
 * Parquet, no permission). Files are listed as Spark lists them: recursively, skipping names that
 * start with {@code _} or {@code .} (markers, checksums, staging).
 */
public final class ParquetFiles {
    /** Footers are small; a few threads hide the latency of remote file systems. */
    private static final int THREADS = 8;

    /** One data file: its schema and rows, or the reason it is unreadable ({@code schema} null). */
    public record FileInfo(String path, StructType schema, long rows, String problem) {
        public boolean readable() {
            return problem == null;
        }
    }

    private ParquetFiles() {
    }

    /** Lists the table's files and reads every footer; a missing or unlistable path is an input error. */
    public static List<FileInfo> scan(SparkSession spark, String tablePath, String role) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = new Path(tablePath);
        List<FileStatus> files = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(conf);
            root = fs.makeQualified(root);
            FileStatus st = fs.getFileStatus(root);
            if (st.isFile()) {
                files.add(st);
            } else {
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
                while (it.hasNext()) {
                    LocatedFileStatus f = it.next();
                    if (visible(root, f.getPath())) {
                        files.add(f);
                    }
                }
            }
        } catch (FileNotFoundException e) {
            throw JobException.input(role + " path does not exist: " + tablePath);
        } catch (IOException | RuntimeException e) {
            throw new JobException(JobException.INPUT, "cannot list " + role + " path " + tablePath + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw JobException.input(role + " path " + tablePath + " holds no Parquet files");
        }
        files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
        // Spark's own reading of footers, with the session's settings (timestamps, binary as string, ...).
        ParquetToSparkSchemaConverter converter = new ParquetToSparkSchemaConverter(
                ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().conf());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, files.size()), r -> {
            Thread t = new Thread(r, "lossreport-footers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileInfo>> futures = new ArrayList<>();
            for (FileStatus f : files) {
                futures.add(pool.submit(() -> read(conf, f, converter)));
            }
            List<FileInfo> out = new ArrayList<>();
            for (Future<FileInfo> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Parquet footers of " + tablePath, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading Parquet footers of " + tablePath, e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static FileInfo read(Configuration conf, FileStatus f, ParquetToSparkSchemaConverter converter) {
        String path = f.getPath().toString();
        if (f.getLen() == 0) {
            return new FileInfo(path, null, 0, "empty file (0 bytes), not a Parquet file");
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf))) {
            ParquetMetadata footer = reader.getFooter();
            long rows = 0;
            for (BlockMetaData b : footer.getBlocks()) {
                rows += b.getRowCount();
            }
            StructType schema = ParquetFileFormat$.MODULE$.readSchemaFromFooter(new Footer(f.getPath(), footer), converter);
            return new FileInfo(path, schema, rows, null);
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new FileInfo(path, null, 0, firstLine(m));
        }
    }

    /** Spark's rule for data files: no path component below the root starts with '_' or '.'. */
    private static boolean visible(Path root, Path file) {
        String rel = file.toUri().getPath().substring(Math.min(root.toUri().getPath().length(), file.toUri().getPath().length()));
        for (String part : rel.split("/")) {
            if (!part.isEmpty() && (part.startsWith("_") || part.startsWith("."))) {
                return false;
            }
        }
        return true;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
