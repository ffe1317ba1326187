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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a report so that it is never seen half-written, and an earlier report is never lost.
 *
 * <p>The protocol (docs/bad-input.md, "Writing the report"); a report directory is <em>complete</em>
 * exactly when it holds {@value #RUN_FILE}, and it is <em>a lossreport report</em> when it holds
 * {@value #RUN_FILE} or the marker {@value #MARKER}:
 * <ol>
 *   <li>the report files go to a hidden staging directory {@code .NAME._staging-RUN} beside the
 *       output path (Spark's commit protocol, {@code _SUCCESS}), then the marker {@value #MARKER};</li>
 *   <li>an existing report (only with {@code overwrite}) is renamed aside to {@code .NAME._previous-RUN};</li>
 *   <li>the staging directory is renamed to the output path;</li>
 *   <li>{@value #RUN_FILE} is written into it last (to a hidden temporary name, then renamed);</li>
 *   <li>the previous report is deleted.</li>
 * </ol>
 * On file systems with atomic rename (local, HDFS) each step is atomic. On object stores a rename
 * is a copy, so a reader must wait for {@value #RUN_FILE}: it appears only after every report file
 * is in place. A run that dies at any step leaves either the old report or the new one complete,
 * or the old one aside under its hidden name: the next run puts it back ({@link #checkTarget}) and
 * removes what dead runs left behind. One run per output path at a time.
 */
public final class ReportWriter {
    public static final String RUN_FILE = "_run.json";
    /** Written into every report directory before it becomes visible: this directory is lossreport's. */
    public static final String MARKER = "_lossreport";
    private static final String STAGING = "_staging-";
    private static final String PREVIOUS = "_previous-";

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

    /**
     * Checks, before any work, that the output path may be written, after recovering from a run that
     * died while publishing (see the class comment). Returns what recovery did (empty when nothing).
     */
    public List<String> checkTarget() {
        List<String> recovered;
        try {
            recovered = recover();
        } catch (IOException e) {
            throw JobException.usage("cannot recover the output path " + target + " from an interrupted run: " + e.getMessage());
        }
        try {
            if (!fs.exists(target)) {
                return recovered;
            }
            FileStatus st = fs.getFileStatus(target);
            if (!st.isDirectory()) {
                throw JobException.usage("output path " + target + " is a file, not a lossreport report; refusing to write over it");
            }
            if (!isReport(target)) {
                if (fs.listStatus(target).length != 0) {
                    throw JobException.usage("output path " + target + " exists and is not a lossreport report "
                            + "(no " + RUN_FILE + "); refusing to write over it");
                }
                return recovered;
            }
            if (!output.overwrite()) {
                throw JobException.usage("output path " + target + " already holds a report; pass --overwrite "
                        + "(or set output.overwrite: true) to replace it");
            }
            return recovered;
        } catch (IOException e) {
            throw JobException.usage("cannot inspect output path " + target + ": " + e.getMessage());
        }
    }

    /** Refuses an output path that is, holds or lies inside a table the run reads: an overwrite would delete it. */
    public void checkApart(String tablePath, String role) {
        try {
            Path table = new Path(tablePath);
            Path t = fs.makeQualified(target);
            Path q = table.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(table);
            if (within(t, q) || within(q, t)) {
                throw JobException.usage("output path " + output.path() + " overlaps the " + role + " table " + tablePath
                        + "; write the report somewhere else");
            }
        } catch (IOException e) {
            throw JobException.usage("cannot compare output path " + output.path() + " with " + role + " path " + tablePath
                    + ": " + e.getMessage());
        }
    }

    private static boolean within(Path child, Path parent) {
        String c = child.toUri().toString();
        String p = parent.toUri().toString();
        return c.equals(p) || c.startsWith(p.endsWith("/") ? p : p + "/");
    }

    /**
     * Writes the report's parts, in order, and its marker to staging; returns the staging path. Nothing
     * is visible yet. A part is asked for once the parts before it are written (the overall slice is
     * finished from what writing the others computed); a failed write removes the staging directory.
     */
    public Path stage(String runId, List<Supplier<Dataset<Row>>> parts) {
        Path staging = sibling(STAGING + runId);
        try {
            String mode = "errorifexists";
            for (Supplier<Dataset<Row>> part : parts) {
                part.get().write().format(output.format()).options(ReportFormats.writeOptions(output.format()))
                        .mode(mode).save(staging.toString());
                mode = "append";
            }
        } catch (RuntimeException e) {
            discard(staging);
            throw e;
        }
        try {
            write(new Path(staging, MARKER), runId + "\n");
        } catch (IOException e) {
            throw new JobException(1, "could not write " + MARKER + " into the staging directory " + staging + ": " + e.getMessage(), e);
        }
        return staging;
    }

    /** Makes the staged report visible at the output path, then writes {@value #RUN_FILE} into it last. */
    public void commit(Path staging, RunSummary summary, String runId) {
        try {
            Path parent = target.getParent();
            if (parent != null && !fs.exists(parent)) {
                fs.mkdirs(parent);
            }
            Path previous = null;
            if (fs.exists(target)) {
                previous = sibling(PREVIOUS + runId);
                rename(target, previous);
            }
            rename(staging, target);
            Path tmp = new Path(target, "." + RUN_FILE + ".tmp");
            write(tmp, summary.toJson());
            rename(tmp, new Path(target, RUN_FILE));
            if (previous != null) {
                fs.delete(previous, true);
            }
        } catch (IOException e) {
            try {
                recover();
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw new JobException(1, "could not publish the report at " + target + ": " + e.getMessage()
                    + "; the previous report, if any, is kept (or restored by the next run)", e);
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
            // Best effort: a leftover hidden staging directory is never mistaken for a report,
            // and the next run on this output path removes it.
        }
    }

    /**
     * Puts back what a run that died while publishing left: a report moved aside is restored when
     * the output path holds no complete report; an incomplete report of ours, leftover staging
     * directories and reports moved aside are removed.
     */
    private List<String> recover() throws IOException {
        List<String> notes = new ArrayList<>();
        Path parent = target.getParent() != null ? target.getParent() : new Path(".");
        if (!fs.exists(parent)) {
            return notes;
        }
        String prefix = "." + target.getName() + ".";
        List<Path> previous = new ArrayList<>();
        List<Path> staging = new ArrayList<>();
        for (FileStatus st : fs.listStatus(parent)) {
            String name = st.getPath().getName();
            if (name.startsWith(prefix + PREVIOUS)) {
                previous.add(st.getPath());
            } else if (name.startsWith(prefix + STAGING)) {
                staging.add(st.getPath());
            }
        }
        boolean complete = fs.exists(new Path(target, RUN_FILE));
        boolean incompleteOurs = !complete && fs.exists(new Path(target, MARKER));
        if (!complete && !previous.isEmpty()) {
            // Run ids start with the time, so the newest is last; older ones are leftovers too.
            previous.sort(null);
            Path restore = previous.remove(previous.size() - 1);
            if (incompleteOurs || !fs.exists(target)) {
                fs.delete(target, true);
                rename(restore, target);
                notes.add("restored the report that an interrupted run had moved aside (" + restore.getName() + ")");
            } else {
                previous.add(restore);
            }
        } else if (incompleteOurs) {
            fs.delete(target, true);
            notes.add("removed an incomplete report (no " + RUN_FILE + ") left by an interrupted run");
        }
        if (fs.exists(new Path(target, RUN_FILE))) {
            for (Path p : previous) {
                fs.delete(p, true);
                notes.add("removed " + p.getName() + ", a report an interrupted run had moved aside and then replaced");
            }
        }
        for (Path p : staging) {
            fs.delete(p, true);
            notes.add("removed " + p.getName() + ", the staging directory of an interrupted run");
        }
        return notes;
    }

    private boolean isReport(Path dir) throws IOException {
        return fs.exists(new Path(dir, RUN_FILE)) || fs.exists(new Path(dir, MARKER));
    }

    private void write(Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
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
