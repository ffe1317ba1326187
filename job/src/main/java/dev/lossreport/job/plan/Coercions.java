package dev.lossreport.job.plan;

import dev.lossreport.job.JobException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explicit type coercions of the loss inputs (docs/bad-input.md, "Types"):
 * <ul>
 *   <li>byte, short, int, long, float, double, decimal and boolean (true = 1, false = 0) values, and
 *       arrays of them, are widened to double / array&lt;double&gt; by the plan's projection;</li>
 *   <li>decimal columns are turned into doubles <em>before</em> the prediction, label and weight
 *       expressions are evaluated: Spark's decimal arithmetic would otherwise round a result such
 *       as decimal(38,18) * decimal(38,18) to 6 decimal places without a word. A decimal becomes the
 *       nearest double (relative error at most 2^-53, about 16 significant digits): a decimal(38,18)
 *       value keeps all 18 decimals only while its magnitude is below about 10^-2, and digits beyond
 *       the 16th significant one are rounded, never truncated to a scale. Group-by columns keep their
 *       own type (a slice value is not arithmetic);</li>
 *   <li>strings, dates, timestamps, maps and structs are not numbers: a clear usage error. A string
 *       class label needs a class list to become a class index.</li>
 * </ul>
 * Every coercion of a loss input is listed in {@code _run.json} ({@link #describe}).
 */
public final class Coercions {
    private Coercions() {
    }

    /** The input with every decimal column that is not a group column replaced by its double value. */
    static Dataset<Row> decimalsAsDoubles(Dataset<Row> input, Set<String> groupColumns) {
        List<Column> cols = new ArrayList<>();
        boolean any = false;
        for (StructField f : input.schema().fields()) {
            Column c = input.col(quote(f.name()));
            DataType widened = groupColumns.contains(f.name()) ? null : withoutDecimals(f.dataType());
            if (widened != null) {
                any = true;
                cols.add(c.cast(widened).alias(f.name()));
            } else {
                cols.add(c);
            }
        }
        return any ? input.select(cols.toArray(Column[]::new)) : input;
    }

    /** double for a decimal, array&lt;double&gt; for an array of decimals, null for anything else. */
    private static DataType withoutDecimals(DataType t) {
        if (t instanceof DecimalType) {
            return DataTypes.DoubleType;
        }
        if (t instanceof ArrayType a && a.elementType() instanceof DecimalType) {
            return DataTypes.createArrayType(DataTypes.DoubleType, a.containsNull());
        }
        return null;
    }

    /** A string where a number is needed: a usage error that says what to do instead. */
    static void rejectStrings(String role, String expression, DataType type, String loss) {
        boolean string = type instanceof StringType || type instanceof ArrayType a && a.elementType() instanceof StringType;
        if (!string) {
            return;
        }
        String where = "loss '" + loss + "': " + role + " '" + expression + "' has type " + type.simpleString() + "; ";
        if (role.equals("label")) {
            throw JobException.usage(where + "expected a number, a boolean or an array of numbers. A string class label needs "
                    + "a class list to become a class index, and no class list is given: map the classes to 0..K-1 in the "
                    + "label expression (e.g. CASE " + expression + " WHEN 'a' THEN 0 WHEN 'b' THEN 1 END)");
        }
        throw JobException.usage(where + "expected a number or an array of numbers; strings are never parsed implicitly: "
                + "if it holds numbers, say so with cast(" + expression + " AS "
                + (type instanceof ArrayType ? "array<double>" : "double") + ")");
    }

    /** Each loss input whose type is not already double / array&lt;double&gt;, with the type it was widened to. */
    public static List<Map<String, String>> describe(Dataset<Row> input, PassPlan plan) {
        List<Map<String, String>> out = new ArrayList<>();
        for (PassPlan.Binding b : plan.bindings()) {
            add(out, input, "prediction", b.prediction());
            add(out, input, "label", b.label());
            add(out, input, "weight", b.weight());
        }
        return out;
    }

    private static void add(List<Map<String, String>> out, Dataset<Row> input, String role, String expression) {
        if (expression == null) {
            return;
        }
        DataType from;
        try {
            from = input.select(functions.expr(expression)).schema().fields()[0].dataType();
        } catch (Exception e) {
            return;
        }
        DataType to = from instanceof ArrayType ? DataTypes.createArrayType(DataTypes.DoubleType) : DataTypes.DoubleType;
        boolean same = from.catalogString().equals(to.catalogString());
        boolean decimal = from instanceof DecimalType || from instanceof ArrayType a && a.elementType() instanceof DecimalType;
        if (same && !decimal && !referencesDecimal(input, expression)) {
            return;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("expression", expression);
        m.put("from", from.catalogString());
        m.put("to", to.catalogString());
        if (decimal || referencesDecimal(input, expression)) {
            m.put("note", "decimal columns are widened to the nearest double before the expression is evaluated");
        }
        if (!out.contains(m)) {
            out.add(m);
        }
    }

    private static boolean referencesDecimal(Dataset<Row> input, String expression) {
        Set<String> refs = ColumnsRead.references(input, expression);
        for (StructField f : input.schema().fields()) {
            if (withoutDecimals(f.dataType()) != null && refs.contains(f.name().toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
