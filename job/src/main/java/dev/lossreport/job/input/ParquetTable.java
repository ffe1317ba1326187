package dev.lossreport.job.input;

import dev.lossreport.job.JobException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens a Parquet table after checking its files on the driver ({@link ParquetFiles}): an unreadable
 * file is an input error naming it (or, with {@code skip_unreadable_files}, is left out and listed in
 * {@code _run.json}); a table with no rows is an input error; columns whose type differs across files
 * are read with the unified type ({@link SchemaDrift}). Without drift or skipped files the table is
 * read exactly as Spark reads it.
 */
final class ParquetTable {
    private ParquetTable() {
    }

    static Dataset<Row> load(SparkSession spark, DataFrameReader reader, String path, String role,
                             boolean skipUnreadable, InputDiagnostics.Table diag) {
        List<ParquetFiles.FileInfo> files = ParquetFiles.scan(spark, path, role);
        List<ParquetFiles.FileInfo> readable = new ArrayList<>();
        List<ParquetFiles.FileInfo> unreadable = new ArrayList<>();
        for (ParquetFiles.FileInfo f : files) {
            (f.readable() ? readable : unreadable).add(f);
        }
        if (!unreadable.isEmpty() && !skipUnreadable) {
            ParquetFiles.FileInfo f = unreadable.get(0);
            throw JobException.input(role + " file " + InputDiagnostics.files(List.of(f.path())) + " cannot be read: " + f.problem()
                    + (unreadable.size() > 1 ? " (" + (unreadable.size() - 1) + " more unreadable files: "
                    + InputDiagnostics.files(unreadable.subList(1, unreadable.size()).stream().map(ParquetFiles.FileInfo::path).toList()) + ")" : "")
                    + "; set " + role + ".skip_unreadable_files: true to skip unreadable files and list them in _run.json");
        }
        for (ParquetFiles.FileInfo f : unreadable) {
            diag.skipped.add(Map.of("path", f.path(), "reason", f.problem()));
        }
        if (readable.isEmpty()) {
            throw JobException.input(role + " path " + path + " holds no readable Parquet files (" + unreadable.size() + " skipped as unreadable)");
        }
        long rows = readable.stream().mapToLong(ParquetFiles.FileInfo::rows).sum();
        diag.files = readable.size();
        diag.footerRows = rows;
        if (rows == 0) {
            throw JobException.input(role + " table " + path + " has no rows (" + readable.size() + " Parquet file"
                    + (readable.size() == 1 ? "" : "s") + ", all empty)");
        }
        SchemaDrift.Result drift = SchemaDrift.of(readable);
        diag.drift.addAll(drift.columns());
        if (!drift.drifted() && unreadable.isEmpty()) {
            return reader.load(path);
        }
        // Read exactly the readable files; basePath keeps partition columns (k=v directories).
        DataFrameReader r = reader.option("basePath", path);
        String[] paths = readable.stream().map(ParquetFiles.FileInfo::path).toArray(String[]::new);
        StructType inferred = r.load(paths).schema();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : drift.schema().fields()) {
            fields.add(f);
        }
        for (StructField f : inferred.fields()) {
            // Partition columns come from the directory names, not from the footers.
            if (!drift.schema().getFieldIndex(f.name()).isDefined()) {
                fields.add(f);
            }
        }
        return reader.option("basePath", path).schema(DataTypes.createStructType(fields)).load(paths);
    }
}
