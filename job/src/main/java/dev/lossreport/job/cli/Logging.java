package dev.lossreport.job.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The launcher's logging (conf/log4j2.properties) silences Spark's reports of failed tasks and
 * writes, because lossreport reports them itself in one line; {@code --verbose} turns them back on.
 */
final class Logging {
    static final String[] TASK_FAILURE_LOGGERS = {
            "org.apache.spark.executor.Executor",
            "org.apache.spark.scheduler.TaskSetManager",
            "org.apache.spark.sql.execution.datasources.FileFormatWriter",
            "org.apache.spark.internal.io.SparkHadoopWriter"};

    private Logging() {
    }

    static void verbose() {
        for (String logger : TASK_FAILURE_LOGGERS) {
            Configurator.setLevel(logger, Level.WARN);
        }
    }
}
