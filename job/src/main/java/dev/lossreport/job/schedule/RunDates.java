package dev.lossreport.job.schedule;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The run date of a scheduled run. {@code ${run_date}} in the input, labels, output and history paths
 * becomes the date (YYYY-MM-DD), and the report goes to the partition {@code run_date=DATE} under the
 * output path, unless the output path places the date itself. A run replaces its own date's partition
 * (a retry or a backfill of that date) and never touches another date's.
 */
public final class RunDates {
    public static final String VARIABLE = "run_date";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private RunDates() {
    }

    /** The config with {@code ${run_date}} substituted in every path; a placeholder without a date is a usage error. */
    public static JobConfig substitute(JobConfig config) {
        LocalDate date = config.run().date();
        return config.mapPaths(path -> substitute(path, date));
    }

    static String substitute(String path, LocalDate date) {
        Matcher m = PLACEHOLDER.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!m.group(1).equals(VARIABLE)) {
                throw JobException.usage("path '" + path + "' uses ${" + m.group(1) + "}; the only variable is ${" + VARIABLE + "}");
            }
            if (date == null) {
                throw JobException.usage("path '" + path + "' uses ${" + VARIABLE + "}; pass --run-date YYYY-MM-DD or set run_date");
            }
            m.appendReplacement(out, date.toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Where this run's report goes: the output itself without a run date or when its configured path
     * already places the date ({@code ${run_date}}); otherwise the partition {@code run_date=DATE}
     * under it, which this run may replace.
     */
    public static JobConfig.Output target(JobConfig.Output configured, String configuredPath, LocalDate date) {
        if (date == null || configured.path() == null || configuredPath.contains("${" + VARIABLE + "}")) {
            return configured;
        }
        return new JobConfig.Output(partition(configured.path(), date), configured.format(), true);
    }

    /** The partition directory of a run date under a report table. */
    public static String partition(String base, LocalDate date) {
        return (base.endsWith("/") ? base : base + "/") + VARIABLE + "=" + date;
    }

    /**
     * Refuses a partitioned write into a directory that is itself a report (one written without a run
     * date): its report files and the partitions would become one unreadable table.
     */
    public static void checkPartitionBase(org.apache.spark.sql.SparkSession spark, String base) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(base);
        try {
            org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(new org.apache.hadoop.fs.Path(p, dev.lossreport.job.report.ReportWriter.RUN_FILE))) {
                throw JobException.usage("output path " + base + " holds a report written without a run date; "
                        + "a run with a run date writes the partition " + VARIABLE + "=DATE under its output path, "
                        + "so give it another output path");
            }
        } catch (java.io.IOException e) {
            throw JobException.usage("cannot inspect output path " + base + ": " + e.getMessage());
        }
    }
}
