package dev.lossreport.job.input;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.Policies;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duplicated join keys, found before any loss is computed: a key that occurs twice in one table
 * would silently count its rows of the other table twice. Each table's key columns are aggregated
 * once (a small Spark job over the key columns only). By default a duplicate fails the run naming a
 * few keys and the count; {@code labels.duplicate_keys: keep_first} keeps the first row of each key
 * by the table's {@code keep_first_by} order instead. Rows with a null in any key column match nothing
 * in the join (they are counted as unmatched) and are not duplicates.
 */
final class JoinKeys {
    private static final int EXAMPLES = 5;
    private static final Pattern ORDER = Pattern.compile("(?is)^(.*?)\\s+(asc|desc)(\\s+nulls\\s+(first|last))?$");

    private JoinKeys() {
    }

    static Dataset<Row> check(Dataset<Row> table, List<String> key, String role, String path, Policies policies,
                              InputDiagnostics.Table diag) {
        Column[] keys = key.stream().map(k -> table.col(quote(k))).toArray(Column[]::new);
        Column noNullKey = functions.lit(true);
        for (Column k : keys) {
            noNullKey = noNullKey.and(k.isNotNull());
        }
        Dataset<Row> dups = table.filter(noNullKey).groupBy(keys).count().filter(functions.col("count").gt(1));
        Row totals = dups.agg(functions.count(functions.lit(1)), functions.coalesce(
                functions.sum(functions.col("count").minus(1)), functions.lit(0L))).first();
        long duplicatedKeys = totals.getLong(0);
        long extraRows = totals.getLong(1);
        if (duplicatedKeys == 0) {
            diag.duplicates = Map.of("keys", 0L);
            return table;
        }
        List<String> examples = new ArrayList<>();
        for (Row r : dups.limit(EXAMPLES).collectAsList()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                parts.add(key.get(i) + "=" + r.get(i));
            }
            examples.add("(" + String.join(", ", parts) + ") x" + r.getLong(key.size()));
        }
        List<String> order = policies.keepFirstBy(role);
        if (!policies.keepFirstDuplicate() || order.isEmpty()) {
            String hint = policies.keepFirstDuplicate()
                    ? "; labels.duplicate_keys is keep_first but " + role + ".keep_first_by is not set: give the order that decides which row is first"
                    : "; fix the table, or set labels.duplicate_keys: keep_first with " + role + ".keep_first_by to keep the first row of each key";
            throw JobException.input(role + " table " + path + " has " + duplicatedKeys + " duplicated join key"
                    + (duplicatedKeys == 1 ? "" : "s") + " " + key + " (" + extraRows + " extra rows), e.g. "
                    + String.join(", ", examples) + hint);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("keys", duplicatedKeys);
        d.put("rows_dropped", extraRows);
        d.put("kept", "first by " + String.join(", ", order));
        d.put("examples", examples);
        diag.duplicates = d;
        // Rows with a null key are all one window partition but are never duplicates: keep them all.
        String rank = "__lossreport_rank";
        Dataset<Row> ranked = table.withColumn(rank, functions.row_number().over(
                Window.partitionBy(keys).orderBy(sortOrder(table, order, role))));
        return ranked.filter(functions.col(rank).equalTo(1).or(functions.not(noNullKey))).drop(rank);
    }

    private static Column[] sortOrder(Dataset<Row> table, List<String> order, String role) {
        Column[] out = new Column[order.size()];
        for (int i = 0; i < out.length; i++) {
            String o = order.get(i);
            Matcher m = ORDER.matcher(o.trim());
            String expr = m.matches() ? m.group(1) : o;
            Column c;
            try {
                c = functions.expr(expr);
                table.select(c).schema();
            } catch (Exception e) {
                throw JobException.usage(role + ".keep_first_by '" + o + "' is not an expression over the " + role
                        + " table's columns (" + String.join(", ", table.columns()) + ")");
            }
            boolean desc = m.matches() && m.group(2).toLowerCase(Locale.ROOT).equals("desc");
            String nulls = m.matches() && m.group(4) != null ? m.group(4).toLowerCase(Locale.ROOT) : null;
            if (desc) {
                c = "first".equals(nulls) ? c.desc_nulls_first() : c.desc_nulls_last();
            } else {
                c = "last".equals(nulls) ? c.asc_nulls_last() : c.asc_nulls_first();
            }
            out[i] = c;
        }
        return out;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
