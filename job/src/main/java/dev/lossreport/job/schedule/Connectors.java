package dev.lossreport.job.schedule;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.Map;

/**
 * Checks, before anything is read or written, that every path's file system can be opened, so a
 * missing connector ({@code s3a://} without hadoop-aws) is a usage error naming the path and the
 * package to add, not a failure in the middle of the job.
 */
public final class Connectors {
    /** The package that brings each scheme's Hadoop file system; HDFS and local files need none. */
    static final Map<String, String> PACKAGES = Map.of(
            "s3a", "org.apache.hadoop:hadoop-aws (the version of Spark's Hadoop client)",
            "gs", "com.google.cloud.bigdataoss:gcs-connector (its shaded jar, a release for Hadoop 3)",
            "abfs", "org.apache.hadoop:hadoop-azure (the version of Spark's Hadoop client)",
            "abfss", "org.apache.hadoop:hadoop-azure (the version of Spark's Hadoop client)");

    private Connectors() {
    }

    public static void check(SparkSession spark, JobConfig config) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        check(conf, config.input().path(), "input.path");
        if (config.labels() != null) {
            check(conf, config.labels().path(), "labels.path");
        }
        if (config.output().path() != null) {
            check(conf, config.output().path(), "output.path");
        }
        if (config.run().historyPath() != null) {
            check(conf, config.run().historyPath(), "history");
        }
    }

    private static void check(Configuration conf, String path, String setting) {
        Path p = new Path(path);
        try {
            p.getFileSystem(conf);
        } catch (IOException | RuntimeException e) {
            String scheme = p.toUri().getScheme();
            String pkg = scheme == null ? null : PACKAGES.get(scheme);
            throw JobException.usage(setting + " " + path + ": cannot open its file system (" + e.getMessage() + ")"
                    + (pkg == null ? "" : "; add the connector " + pkg + ", e.g. with spark-submit --packages"));
        }
    }
}
