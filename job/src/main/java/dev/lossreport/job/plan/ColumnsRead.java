package dev.lossreport.job.plan;

import dev.lossreport.job.config.JobConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.functions;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The input columns a run reads (in lower case, as Spark resolves names): loss inputs, group columns,
 * join keys, and the entity key and order (query and item, example and replicate).
 */
public final class ColumnsRead {
    private ColumnsRead() {
    }

    public static Set<String> of(Dataset<Row> input, JobConfig config, PassPlan plan) {
        Set<String> out = new LinkedHashSet<>();
        for (PassPlan.Binding b : plan.bindings()) {
            out.addAll(references(input, b.prediction()));
            out.addAll(references(input, b.label()));
            out.addAll(references(input, b.weight()));
        }
        plan.groupColumns().forEach(g -> out.add(g.name().toLowerCase(Locale.ROOT)));
        config.joinKey().forEach(k -> out.add(k.toLowerCase(Locale.ROOT)));
        if (config.entity() != null) {
            config.entity().key().forEach(k -> out.addAll(references(input, k)));
            out.addAll(references(input, config.entity().order()));
        }
        return out;
    }

    /** The column names an expression over {@code input} references. */
    static Set<String> references(Dataset<Row> input, String expression) {
        Set<String> out = new LinkedHashSet<>();
        if (expression == null) {
            return out;
        }
        var analyzed = ((org.apache.spark.sql.classic.Dataset<Row>) input.select(functions.expr(expression)))
                .queryExecution().analyzed();
        for (Attribute a : scala.jdk.javaapi.CollectionConverters.asJava(analyzed.references().toSeq())) {
            out.add(a.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
