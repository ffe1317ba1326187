package dev.lossreport.job;

import dev.lossreport.loss.LossException;
import org.apache.spark.sql.AnalysisException;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Spark, Hadoop and Parquet throw into the job's errors, so that a user sees one line
 * naming the file or expression and a documented exit code, not a stack trace: a failed read of a
 * file (corrupt, truncated, a type Spark cannot convert, deleted or unreadable during the run) and a
 * failed expression on a row (an ANSI cast or arithmetic error) are input errors (4); an
 * {@link AnalysisException} or a {@link LossException} is a usage error (2); a {@link JobException}
 * thrown inside a task is unwrapped. Anything else stays unexpected (1).
 */
public final class SparkErrors {
    private static final Pattern FILE = Pattern.compile("reading file (\\S+?)\\.?(\\s|$)");

    private SparkErrors() {
    }

    /** The job error for {@code e}, or null when it is not one the job can explain. */
    public static JobException translate(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JobException je) {
                return je;
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof LossException le) {
                return new JobException(JobException.USAGE, le.getMessage(), e);
            }
        }
        String top = firstLine(e.getMessage());
        Throwable root = root(e);
        String rootLine = firstLine(root.getMessage());
        if (top.contains("FAILED_READ_FILE")) {
            Matcher m = FILE.matcher(top);
            String file = m.find() ? m.group(1).replaceFirst("^file:(//)?", "") : "an input file";
            String detail = top.contains("PARQUET_COLUMN_DATA_TYPE_MISMATCH")
                    ? top.substring(top.indexOf("Data type mismatches")).replaceAll("\\s*SQLSTATE.*$", "")
                    : rootLine;
            return new JobException(JobException.INPUT, "cannot read input file " + file + ": " + detail
                    + (top.contains("PARQUET_COLUMN_DATA_TYPE_MISMATCH")
                    ? " (the table's files disagree about this column's type; rewrite the odd files with one type)" : ""), e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof FileNotFoundException || c instanceof AccessDeniedException
                    || c.getClass().getName().equals("org.apache.hadoop.security.AccessControlException")) {
                return new JobException(JobException.INPUT, "cannot read input: " + firstLine(c.getMessage()), e);
            }
            if (c.getClass().getName().startsWith("org.apache.parquet.")) {
                return new JobException(JobException.INPUT, "a Parquet input file is corrupt: " + firstLine(c.getMessage()), e);
            }
            if (c instanceof ArithmeticException || c instanceof NumberFormatException
                    || c.getClass().getName().equals("org.apache.spark.SparkDateTimeException")) {
                return new JobException(JobException.INPUT, "a column expression failed on an input row: "
                        + firstLine(c.getMessage()).replaceAll("\\s*SQLSTATE.*$", ""), e);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof AnalysisException) {
                return new JobException(JobException.USAGE, firstLine(c.getMessage()).replaceAll("\\s*SQLSTATE.*$", ""), e);
            }
        }
        return null;
    }

    private static Throwable root(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
