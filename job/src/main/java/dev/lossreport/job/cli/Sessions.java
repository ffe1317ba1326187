package dev.lossreport.job.cli;

import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Creates the SparkSession. Under spark-submit the master comes from Spark's own settings; run
 * directly, the job defaults to local mode on all cores, bound to the loopback interface.
 */
final class Sessions {
    private Sessions() {
    }

    static SparkSession create(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().appName("lossreport");
        String effective = master != null ? master : System.getProperty("spark.master");
        if (effective == null) {
            effective = "local[*]";
        }
        b.master(effective);
        if (effective.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        b.config("spark.ui.showConsoleProgress", "false");
        conf.forEach(b::config);
        return b.getOrCreate();
    }
}
