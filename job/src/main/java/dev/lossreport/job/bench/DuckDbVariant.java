package dev.lossreport.job.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-machine tool a user might pick instead: DuckDB (in process, JDBC) running the same
 * loss SQL over the same Parquet files with the same number of threads.
 */
final class DuckDbVariant implements Variant {
    private final BenchCase bench;
    private final Connection db;

    DuckDbVariant(BenchCase bench, int threads) throws SQLException {
        this.bench = bench;
        this.db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("SET threads TO " + threads);
        }
    }

    @Override
    public String name() {
        return "DuckDB";
    }

    private String query(long checkedGroups) {
        List<String> groups = bench.groupColumns();
        List<String> select = new ArrayList<>(groups);
        for (String g : groups) {
            select.add("grouping(" + g + ") AS grouping_" + g);
        }
        for (int i = 0; i < bench.losses().size(); i++) {
            select.add(bench.losses().get(i).sql() + " AS l" + i);
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM read_parquet('" + bench.table() + "/*.parquet') GROUP BY "
                + bench.groupingSets();
        if (checkedGroups < Long.MAX_VALUE) {
            List<String> keep = new ArrayList<>();
            groups.forEach(g -> keep.add("(grouping_" + g + " = 1 OR " + g + " < " + checkedGroups + ")"));
            sql = "SELECT * FROM (" + sql + ") WHERE " + String.join(" AND ", keep);
        }
        return sql;
    }

    @Override
    public void run() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(query(Long.MAX_VALUE))) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= n; c++) {
                    rs.getObject(c);
                }
            }
        }
    }

    @Override
    public Map<String, Double> values(long checkedGroups) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        List<String> groups = bench.groupColumns();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(query(checkedGroups))) {
            while (rs.next()) {
                String slicing = "overall";
                Object value = null;
                for (int g = 0; g < groups.size(); g++) {
                    if (rs.getInt(groups.size() + g + 1) == 0) {
                        slicing = groups.get(g);
                        value = rs.getLong(g + 1);
                    }
                }
                for (int i = 0; i < bench.losses().size(); i++) {
                    double v = rs.getDouble(2 * groups.size() + i + 1);
                    out.put(BenchCase.key(slicing, value, bench.losses().get(i).spec()), rs.wasNull() ? null : v);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
