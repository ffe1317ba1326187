package dev.lossreport.job.plan;

import dev.lossreport.job.JobException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the plan must know of the whole table, never of one slice, when the config does not say it:
 * the class list of a string label (its sorted distinct values) and the number of outputs of an
 * array prediction scored per output. Each is one small Spark job over the input before the pass,
 * run only when needed and once per expression; giving {@code classes} or {@code outputs} in the
 * config skips it.
 */
final class Universes {
    /** More distinct labels than this and the class list must be given in the config. */
    static final int MAX_CLASSES = 1000;

    private final Dataset<Row> input;
    private final Map<String, List<String>> classes = new HashMap<>();
    private final Map<String, Integer> outputs = new HashMap<>();

    Universes(Dataset<Row> input) {
        this.input = input;
    }

    /** The sorted distinct non-null values of a string label over the whole table (scikit-learn's sorted labels). */
    List<String> classes(String label) {
        return classes.computeIfAbsent(label, l -> {
            Column c = functions.expr(l);
            List<Row> rows = input.select(c.alias("c")).where(functions.col("c").isNotNull()).distinct()
                    .limit(MAX_CLASSES + 1).collectAsList();
            if (rows.size() > MAX_CLASSES) {
                throw JobException.usage("label '" + l + "' has more than " + MAX_CLASSES + " distinct values; "
                        + "give the class list with 'classes' (job-level or on the loss)");
            }
            List<String> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.getString(0)));
            out.sort(null);
            return List.copyOf(out);
        });
    }

    /** The one length of the non-null arrays of a prediction over the whole table. */
    int outputs(String prediction, String loss) {
        return outputs.computeIfAbsent(prediction, p -> {
            Column size = functions.size(functions.expr(p));
            Row r = input.where(functions.expr(p).isNotNull())
                    .agg(functions.min(size), functions.max(size)).first();
            if (r.isNullAt(0)) {
                throw JobException.input("loss '" + loss + "': prediction '" + p + "' has no non-null array, so its number "
                        + "of outputs is unknown; set outputs=K on the loss");
            }
            int min = r.getInt(0);
            int max = r.getInt(1);
            if (min != max) {
                throw JobException.input("loss '" + loss + "': prediction '" + p + "' has arrays of " + min + " to " + max
                        + " elements; multioutput needs one number of outputs: set outputs=K on the loss to score "
                        + "rows of K elements (the others count as invalid)");
            }
            return min;
        });
    }
}
