package dev.lossreport.job.report;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * A report row's slice as one string, the way the gate's {@code slices} and the history table name it:
 * {@code overall}, {@code season=2019}, {@code season=2019,playoff=1}. Values are Spark's string cast of
 * the group value ({@code null} for a null group).
 */
public final class SliceKey {
    public static final String COLUMN = "slice_key";

    private SliceKey() {
    }

    /** The key of each report row, as a column of a report with {@code plan}'s schema. */
    public static Column of(PassPlan plan) {
        Column key = functions.lit(PassPlan.OVERALL);
        for (PassPlan.Slicing s : plan.slicings()) {
            if (s.columns().length == 0) {
                continue;
            }
            List<Column> parts = new ArrayList<>();
            for (int c : s.columns()) {
                String name = plan.groupColumns().get(c).name();
                Column value = functions.coalesce(functions.col(quote(name)).cast("string"), functions.lit("null"));
                parts.add(functions.concat(functions.lit(name + "="), value));
            }
            Column joined = functions.concat_ws(",", parts.toArray(Column[]::new));
            key = functions.when(functions.col("slice").equalTo(s.name()), joined).otherwise(key);
        }
        return key.alias(COLUMN);
    }

    private static String quote(String c) {
        return "`" + c.replace("`", "``") + "`";
    }
}
