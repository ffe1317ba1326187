package dev.lossreport.job.engine;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

import java.util.List;

/**
 * The rows the pass reads. When the prepared projection only selects columns of one vectorized file
 * scan (a single Parquet table whose inputs are already double, no join, no filter, no computed
 * column), the rows are views over the scan's column batches: no row is copied into an
 * {@code UnsafeRow} first, which on a plain scan costs about as much as reading the columns. Any
 * other plan reads the projection's rows as Spark produces them; both give the same rows in the same
 * order, so the report does not depend on which path ran. Public for the bench's bare scan, which
 * times reading what stage one reads.
 */
public final class ColumnarInput {
    private ColumnarInput() {
    }

    /**
     * The scan's column batches, their columns put in the prepared order, when the plan is a bare
     * column selection of one vectorized file scan; null otherwise (read {@code prepared}'s rows).
     */
    public static RDD<ColumnarBatch> batches(Dataset<Row> prepared) {
        var qe = ((org.apache.spark.sql.classic.Dataset<Row>) prepared).queryExecution();
        int[] columns = scanColumns(qe.executedPlan(), prepared);
        if (columns == null) {
            return null;
        }
        FileSourceScanExec scan = scanOf(qe.executedPlan());
        return scan.executeColumnar().toJavaRDD().map(new Reordered(columns)).rdd();
    }

    /** For each prepared column, its ordinal in the scan's output; null when the plan is not a bare column selection. */
    private static int[] scanColumns(SparkPlan plan, Dataset<Row> prepared) {
        for (StructField f : prepared.schema().fields()) {
            if (!(f.dataType() instanceof AtomicType)) {
                return null;
            }
        }
        SparkPlan p = plan instanceof WholeStageCodegenExec w ? w.child() : plan;
        List<NamedExpression> selected = null;
        if (p instanceof ProjectExec project) {
            selected = CollectionConverters.asJava(project.projectList());
            p = project.child();
        }
        FileSourceScanExec scan = scanUnder(p);
        if (scan == null) {
            return null;
        }
        List<Attribute> output = CollectionConverters.asJava(scan.output());
        List<?> wanted = selected != null ? selected : output;
        if (wanted.size() != prepared.schema().size()) {
            return null;
        }
        int[] columns = new int[wanted.size()];
        for (int i = 0; i < columns.length; i++) {
            Object e = wanted.get(i);
            if (e instanceof Alias alias) {
                e = alias.child();
            }
            if (!(e instanceof AttributeReference ref)) {
                return null;
            }
            columns[i] = -1;
            for (int j = 0; j < output.size(); j++) {
                if (output.get(j).exprId().equals(ref.exprId())) {
                    columns[i] = j;
                }
            }
            if (columns[i] < 0 || !output.get(columns[i]).dataType().equals(prepared.schema().fields()[i].dataType())) {
                return null;
            }
        }
        return columns;
    }

    private static FileSourceScanExec scanOf(SparkPlan plan) {
        SparkPlan p = plan instanceof WholeStageCodegenExec w ? w.child() : plan;
        return scanUnder(p instanceof ProjectExec project ? project.child() : p);
    }

    /** The vectorized file scan directly under a column-to-row conversion, or null. */
    private static FileSourceScanExec scanUnder(SparkPlan p) {
        if (!(p instanceof ColumnarToRowExec toRows)) {
            return null;
        }
        SparkPlan child = toRows.child() instanceof InputAdapter adapter ? adapter.child() : toRows.child();
        return child instanceof FileSourceScanExec scan && scan.supportsColumnar() ? scan : null;
    }

    /** A batch with its columns in the prepared order (the same vectors, nothing copied). */
    private static final class Reordered implements Function<ColumnarBatch, ColumnarBatch> {
        private final int[] columns;

        Reordered(int[] columns) {
            this.columns = columns;
        }

        @Override
        public ColumnarBatch call(ColumnarBatch batch) {
            ColumnVector[] vectors = new ColumnVector[columns.length];
            for (int i = 0; i < columns.length; i++) {
                vectors[i] = batch.column(columns[i]);
            }
            return new ColumnarBatch(vectors, batch.numRows());
        }
    }
}
