package dev.lossreport.job.report;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a report so that it is never seen half-written: the report files and {@code _run.json}
 * go to a hidden staging directory beside the output path, and only a complete staging directory
 * is renamed to the output path. An existing report is replaced only with {@code overwrite}; it is
 * moved aside first and deleted after the new one is in place. A path that holds anything other
 * than a report is refused.
 *
 * <p>A report directory is complete when it holds {@value #RUN_FILE}; readers should check for it.
 * On file systems without atomic rename (object stores), the rename is a copy, and
 * {@value #RUN_FILE}, written last, is the marker of completeness.
 */
public final class ReportWriter {
    public static final String RUN_FILE = "_run.json";

    private final SparkSession spark;
    private final JobConfig.Output output;
    private final Path target;
    private final FileSystem fs;

    public ReportWriter(SparkSession spark, JobConfig.Output output) {
        this.spark = spark;
        this.output = output;
        if (output.path() == null) {
            throw JobException.usage("no output path: set output.path in the config or pass --output DIR");
        }
        this.target = new Path(output.path());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            this.fs = target.getFileSystem(conf);
        } catch (IOException e) {
            throw JobException.usage("cannot open the file system of output path " + output.path() + ": " + e.getMessage());
        }
    }

    /** Checks, before any work, that the output path may be written. */
    public void checkTarget() {
        try {
            if (!fs.exists(target)) {
                return;
            }
            FileStatus st = fs.getFileStatus(target);
            boolean isReport = st.isDirectory() && fs.exists(new Path(target, RUN_FILE));
            if (!isReport) {
                boolean empty = st.isDirectory() && fs.listStatus(target).length == 0;
                if (!empty) {
                    throw JobException.usage("output path " + target + " exists and is not a lossreport report "
                            + "(no " + RUN_FILE + "); refusing to write over it");
                }
                return;
            }
            if (!output.overwrite()) {
                throw JobException.usage("output path " + target + " already holds a report; pass --overwrite "
                        + "(or set output.overwrite: true) to replace it");
            }
        } catch (IOException e) {
            throw JobException.usage("cannot inspect output path " + target + ": " + e.getMessage());
        }
    }

    /** Writes the report and its run summary to staging; returns the staging path. Nothing is visible yet. */
    public Path stage(Dataset<Row> report, String runId) {
        Path staging = sibling("_staging-" + runId);
        report.write().format(output.format()).options(ReportFormats.writeOptions(output.format()))
                .mode("errorifexists").save(staging.toString());
        return staging;
    }

    /** Writes {@value #RUN_FILE} into the staging directory, then makes the report visible at the output path. */
    public void commit(Path staging, RunSummary summary, String runId) {
        try {
            try (FSDataOutputStream out = fs.create(new Path(staging, RUN_FILE), false)) {
                out.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
            }
            Path parent = target.getParent();
            if (parent != null && !fs.exists(parent)) {
                fs.mkdirs(parent);
            }
            Path previous = null;
            if (fs.exists(target)) {
                previous = sibling("_previous-" + runId);
                rename(target, previous);
            }
            rename(staging, target);
            if (previous != null) {
                fs.delete(previous, true);
            }
        } catch (IOException e) {
            throw new JobException(1, "could not publish the report at " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes a staging directory after a failure; the output path is untouched. */
    public void discard(Path staging) {
        if (staging == null) {
            return;
        }
        try {
            fs.delete(staging, true);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden staging directory is never mistaken for a report.
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    private Path sibling(String suffix) {
        Path parent = target.getParent();
        String name = "." + target.getName() + "." + suffix;
        return parent == null ? new Path(name) : new Path(parent, name);
    }
}
