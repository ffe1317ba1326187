package dev.lossreport.job.report;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.engine.FusedPass;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The console table: alignment by column type, null group values printed as null. */
class ConsoleReportTest {

    @Test
    void numbersAlignRightByTypeAndANullGroupValuePrintsAsNull() {
        Dataset<Row> input = JobTestSupport.spark().sql("""
                SELECT * FROM VALUES ('a', 1, 0.5D, 1D), ('a', 2, 1.5D, 1D), (CAST(NULL AS STRING), NULL, 2D, 3D)
                AS t(g, h, p, y)""");
        PassPlan plan = PassPlan.build(JobTestSupport.config("prediction: p\nlabel: y\ngroup_by: [g, h]\nlosses: [r2, mse]\n"), input);
        Dataset<Row> report = JobTestSupport.spark().createDataFrame(FusedPass.run(JobTestSupport.spark(), plan).collect(),
                FusedPass.reportSchema(plan));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleReport.print(report, plan, 20, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // r2 of y = 1, 1, 3 against p = 0.5, 1.5, 2: 1 - 1.5 / (24/9) = 0.4375; constant labels give 0
        // (force_finite), a single row none; mse 1.5 / 3.
        assertEquals(List.of(
                "slice    g     h     loss  prediction  label  value     rows  weight_sum  invalid_rows",
                "-------  ----  ----  ----  ----------  -----  --------  ----  ----------  ------------",
                "overall              r2    p           y      0.437500     3           3             0",
                "overall              mse   p           y      0.500000     3           3             0",
                "g        null        r2    p           y          null     1           1             0",
                "g        null        mse   p           y             1     1           1             0",
                "g        a           r2    p           y             0     2           2             0",
                "g        a           mse   p           y      0.250000     2           2             0",
                "h              null  r2    p           y          null     1           1             0",
                "h              null  mse   p           y             1     1           1             0",
                "h                 1  r2    p           y          null     1           1             0",
                "h                 1  mse   p           y      0.250000     1           1             0",
                "h                 2  r2    p           y          null     1           1             0",
                "h                 2  mse   p           y      0.250000     1           1             0"), lines);
    }
}
