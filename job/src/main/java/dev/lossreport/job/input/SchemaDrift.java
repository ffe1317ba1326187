package dev.lossreport.job.input;

import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the schemas of the files of one table. A column whose type differs across files is
 * unified when one type holds every value of the others exactly and Spark's Parquet reader widens to
 * it (byte, short, int to long; float to double; byte, short, int, float to double); any other
 * difference, and a column missing from some files, is a conflict. A conflict stops the run only
 * when the job reads that column ({@link InputDiagnostics#checkConflicts}), naming the files.
 */
public final class SchemaDrift {
    /** How the files of a table disagree about one column: type name to the files with it. */
    public record Column(String name, Map<String, List<String>> types, List<String> missingIn, String unifiedTo) {
        public boolean conflict() {
            return unifiedTo == null;
        }
    }

    /** The table's schema with unified types, and every column on which the files disagree. */
    public record Result(StructType schema, List<Column> columns) {
        public boolean drifted() {
            return !columns.isEmpty();
        }
    }

    private SchemaDrift() {
    }

    public static Result of(List<ParquetFiles.FileInfo> files) {
        Map<String, List<StructField>> byColumn = new LinkedHashMap<>();
        for (ParquetFiles.FileInfo f : files) {
            for (StructField field : f.schema().fields()) {
                byColumn.computeIfAbsent(field.name(), k -> new ArrayList<>()).add(field);
            }
        }
        List<StructField> unified = new ArrayList<>();
        List<Column> drift = new ArrayList<>();
        for (var e : byColumn.entrySet()) {
            String name = e.getKey();
            Map<String, List<String>> types = new LinkedHashMap<>();
            Map<String, DataType> typeOf = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (ParquetFiles.FileInfo f : files) {
                StructField field = field(f.schema(), name);
                if (field == null) {
                    missing.add(f.path());
                } else {
                    String t = field.dataType().catalogString();
                    types.computeIfAbsent(t, k -> new ArrayList<>()).add(f.path());
                    typeOf.putIfAbsent(t, field.dataType());
                }
            }
            DataType first = typeOf.values().iterator().next();
            if (types.size() == 1 && missing.isEmpty()) {
                unified.add(DataTypes.createStructField(name, first, true));
                continue;
            }
            DataType widened = missing.isEmpty() ? widen(typeOf.values()) : null;
            unified.add(DataTypes.createStructField(name, widened != null ? widened : first, true));
            drift.add(new Column(name, types, missing, widened == null ? null : widened.catalogString()));
        }
        return new Result(DataTypes.createStructType(unified), drift);
    }

    private static StructField field(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The type every one of these widens to exactly, or null when there is none. */
    static DataType widen(Iterable<DataType> types) {
        int integral = 0;
        boolean floating = false;
        boolean isLong = false;
        for (DataType t : types) {
            if (t instanceof ByteType) {
                integral = Math.max(integral, 1);
            } else if (t instanceof ShortType) {
                integral = Math.max(integral, 2);
            } else if (t instanceof IntegerType) {
                integral = Math.max(integral, 3);
            } else if (t instanceof LongType) {
                integral = 4;
                isLong = true;
            } else if (t instanceof FloatType || t instanceof DoubleType) {
                floating = true;
            } else {
                return null;
            }
        }
        if (floating) {
            // A long above 2^53 has no exact double.
            return isLong ? null : DataTypes.DoubleType;
        }
        return switch (integral) {
            case 4 -> DataTypes.LongType;
            case 3 -> DataTypes.IntegerType;
            case 2 -> DataTypes.ShortType;
            default -> DataTypes.ByteType;
        };
    }
}
