package dev.lossreport.job.input;

import dev.lossreport.job.JobException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What reading the inputs found, for {@code _run.json} and for the checks that need the plan: per
 * table the Parquet files read, the files skipped as unreadable, the columns on which the files
 * disagree; for a join, the duplicated keys of each table and what was done with them.
 */
public final class InputDiagnostics {
    /** One table's findings. */
    public static final class Table {
        final String role;
        final String path;
        Integer files;
        Long footerRows;
        final List<Map<String, String>> skipped = new ArrayList<>();
        final List<SchemaDrift.Column> drift = new ArrayList<>();
        Map<String, Object> duplicates;

        Table(String role, String path) {
            this.role = role;
            this.path = path;
        }
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();

    Table table(String role, String path) {
        return tables.computeIfAbsent(role, r -> new Table(r, path));
    }

    /** The files skipped as unreadable, over all tables (each a path and a reason). */
    public List<Map<String, String>> skippedFiles() {
        List<Map<String, String>> out = new ArrayList<>();
        tables.values().forEach(t -> out.addAll(t.skipped));
        return out;
    }

    /**
     * Fails when the job reads a column on which the files of a table disagree in a way that cannot
     * be unified (a type conflict, or the column missing from some files), naming the files.
     * {@code referenced} holds the column names the pass reads, in lower case.
     */
    public void checkConflicts(Set<String> referenced) {
        for (Table t : tables.values()) {
            for (SchemaDrift.Column c : t.drift) {
                if (!c.conflict() || !referenced.contains(c.name().toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                StringBuilder m = new StringBuilder(t.role + " column '" + c.name() + "' is not the same in every file of "
                        + t.path + ": ");
                List<String> parts = new ArrayList<>();
                c.types().forEach((type, files) -> parts.add(type + " in " + files(files)));
                if (!c.missingIn().isEmpty()) {
                    parts.add("missing in " + files(c.missingIn()));
                }
                m.append(String.join("; ", parts));
                m.append(c.missingIn().isEmpty()
                        ? ". Only exact widenings are unified (int to long, float or int to double); rewrite the odd files with one type"
                        : ". Rows of those files would have no value; rewrite them with the column, or read only the files that have it");
                throw JobException.input(m.toString());
            }
        }
    }

    /** The {@code _run.json} section: per table, files, skipped files, schema drift and duplicated keys. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Table t : tables.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (t.files != null) {
                m.put("parquet_files", t.files);
                m.put("rows_in_footers", t.footerRows);
            }
            m.put("skipped_files", t.skipped);
            List<Map<String, Object>> drift = new ArrayList<>();
            for (SchemaDrift.Column c : t.drift) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("column", c.name());
                d.put("types", c.types());
                d.put("missing_in", c.missingIn());
                d.put("unified_to", c.unifiedTo());
                drift.add(d);
            }
            m.put("schema_drift", drift);
            if (t.duplicates != null) {
                m.put("duplicate_keys", t.duplicates);
            }
            out.put(t.role, m);
        }
        return out;
    }

    static String files(List<String> files) {
        List<String> names = files.stream().limit(3).map(InputDiagnostics::shortName).toList();
        return String.join(", ", names) + (files.size() > 3 ? " (and " + (files.size() - 3) + " more)" : "");
    }

    private static String shortName(String path) {
        return path.startsWith("file:") ? path.substring(5) : path;
    }
}
