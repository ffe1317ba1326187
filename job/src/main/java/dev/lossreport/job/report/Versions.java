package dev.lossreport.job.report;

/** Versions recorded in {@code _run.json}. */
final class Versions {
    private Versions() {
    }

    static String lossreport() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String spark() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }
}
