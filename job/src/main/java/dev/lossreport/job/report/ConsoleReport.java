package dev.lossreport.job.report;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a published report as a table: the overall slice, then each slicing's slices in order of
 * their values (up to a limit per slicing), losses in config order.
 */
public final class ConsoleReport {
    private static final int MAX_EXPRESSION = 32;
    private ConsoleReport() {
    }

    public static void print(Dataset<Row> report, PassPlan plan, int maxSlices, PrintStream out) {
        List<String> lossOrder = new ArrayList<>();
        for (int i = 0; i < plan.losses().size(); i++) {
            lossOrder.add(plan.losses().loss(i).spec());
        }
        Column lossIndex = functions.array_position(
                functions.array(lossOrder.stream().map(functions::lit).toArray(Column[]::new)), report.col("loss"));
        int rowsPerSlice = 0;
        boolean perOutput = false;
        for (int i = 0; i < plan.losses().size(); i++) {
            rowsPerSlice += plan.losses().loss(i).reportRowCount();
            perOutput |= plan.losses().loss(i).reportRowCount() > 1;
        }
        boolean masked = plan.bindings().stream().anyMatch(b -> b.mask() != null || b.ignoreValue() != null);
        List<String> header = new ArrayList<>(List.of("slice"));
        plan.groupColumns().forEach(g -> header.add(g.name()));
        header.addAll(List.of("loss", "prediction", "label"));
        if (perOutput) {
            header.add("output");
        }
        header.addAll(List.of("value", "rows", "weight_sum", "invalid_rows"));
        if (masked) {
            header.add("masked_rows");
        }
        Column[] shown = header.stream().map(h -> report.col(quote(h))).toArray(Column[]::new);
        List<List<String>> cells = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        for (PassPlan.Slicing s : plan.slicings()) {
            Dataset<Row> rows = report.filter(report.col("slice").equalTo(s.name()));
            List<Column> order = new ArrayList<>();
            for (int c : s.columns()) {
                order.add(report.col(quote(plan.groupColumns().get(c).name())).asc_nulls_first());
            }
            order.add(lossIndex);
            order.add(report.col("output").asc_nulls_first());
            long slices = s.columns().length == 0 ? 1 : rows.select(groupCols(report, plan, s)).distinct().count();
            long limit = (long) Math.max(maxSlices, 1) * rowsPerSlice;
            for (Row r : rows.orderBy(order.toArray(Column[]::new)).select(shown)
                    .limit((int) Math.min(limit, Integer.MAX_VALUE)).collectAsList()) {
                List<String> line = new ArrayList<>();
                for (int i = 0; i < r.length(); i++) {
                    String cell = r.isNullAt(i) && header.get(i).equals("value") ? "null" : format(r.get(i));
                    boolean expression = header.get(i).equals("prediction") || header.get(i).equals("label");
                    line.add(expression && cell.length() > MAX_EXPRESSION ? cell.substring(0, MAX_EXPRESSION - 3) + "..." : cell);
                }
                cells.add(line);
            }
            if (slices > maxSlices && s.columns().length > 0) {
                notes.add("... " + (slices - maxSlices) + " more slices of '" + s.name() + "' in the report");
                cells.add(null);
            }
        }
        printTable(header, cells, notes, out);
    }

    private static Column[] groupCols(Dataset<Row> report, PassPlan plan, PassPlan.Slicing s) {
        Column[] cols = new Column[s.columns().length];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = report.col(quote(plan.groupColumns().get(s.columns()[i]).name()));
        }
        return cols;
    }

    private static void printTable(List<String> header, List<List<String>> cells, List<String> notes, PrintStream out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> line : cells) {
            if (line != null) {
                for (int i = 0; i < width.length; i++) {
                    width[i] = Math.max(width[i], line.get(i).length());
                }
            }
        }
        out.println(line(header, width));
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        int note = 0;
        for (List<String> line : cells) {
            out.println(line == null ? notes.get(note++) : line(line, width));
        }
    }

    private static String line(List<String> values, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            boolean numeric = !v.isEmpty() && (Character.isDigit(v.charAt(v.length() - 1)) || v.equals("null"))
                    && i > 0 && !v.contains("(") && !v.matches(".*[a-zA-Z]{2,}.*");
            b.append(numeric ? " ".repeat(width[i] - v.length()) + v : v + " ".repeat(width[i] - v.length()));
            b.append("  ");
        }
        return b.toString().stripTrailing();
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e12) {
                return String.format(Locale.ROOT, "%.0f", d);
            }
            return String.format(Locale.ROOT, "%.6g", d);
        }
        return v.toString();
    }

    private static String quote(String c) {
        return "`" + c.replace("`", "``") + "`";
    }
}
