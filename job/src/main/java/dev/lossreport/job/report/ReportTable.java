package dev.lossreport.job.report;

import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads a written report (staged or published) back with its plan's schema, in any report format. */
public final class ReportTable {
    private ReportTable() {
    }

    public static Dataset<Row> read(SparkSession spark, String path, String format, PassPlan plan) {
        return spark.read().format(format).options(ReportFormats.readOptions(format))
                .schema(FusedPass.reportSchema(plan)).load(path);
    }
}
