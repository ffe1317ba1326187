package dev.lossreport.job.engine;

import dev.lossreport.job.input.InputReader;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossSet;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Stage one of the pass, per input partition: every row updates the state of its slice in every
 * slicing (one hash lookup per slicing; the overall slice needs none), and the partition emits one
 * partial row per slice it saw: (slicing index, group values, state array). Rows are read as Spark
 * internal rows, never converted to external objects.
 */
final class PartialAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private final PassPlan plan;
    private final PartitionCounts counts;
    private final InvalidRows invalid;

    PartialAggregation(PassPlan plan, PartitionCounts counts, InvalidRows invalid) {
        this.plan = plan;
        this.counts = counts;
        this.invalid = invalid;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        LossSet losses = plan.losses();
        int width = losses.width();
        List<PassPlan.Slicing> slicings = plan.slicings();
        int sliced = slicings.size();
        SliceTable[] tables = new SliceTable[sliced];
        for (int s = 1; s < sliced; s++) {
            tables[s] = SliceTable.of(plan, slicings.get(s).columns(), width);
        }
        double[] overall = new double[width];
        // The states a row goes to: the overall one, then its slice of each slicing.
        double[][] states = new double[sliced][];
        states[0] = overall;
        List<PassPlan.Binding> bindings = plan.bindings();
        Example[] examples = new Example[bindings.size()];
        for (int b = 0; b < examples.length; b++) {
            examples[b] = bindings.get(b).reader().newExample();
        }
        int side = plan.sideOrdinal();
        long[] c = new long[PartitionCounts.INPUT_WIDTH];
        InvalidRows.Tally refused = invalid.tally(plan);

        while (rows.hasNext()) {
            InternalRow row = rows.next();
            c[PartitionCounts.ROWS]++;
            if (side >= 0) {
                int where = row.getInt(side);
                if (where != InputReader.MATCHED) {
                    c[where == InputReader.PREDICTION_ONLY ? PartitionCounts.PREDICTION_ONLY : PartitionCounts.LABELS_ONLY]++;
                    continue;
                }
                c[PartitionCounts.MATCHED]++;
            }
            for (int b = 0; b < examples.length; b++) {
                bindings.get(b).reader().fill(examples[b], row);
            }
            for (int s = 1; s < sliced; s++) {
                states[s] = tables[s].state(row);
            }
            losses.update(states, sliced, examples);
            // Every row updates the overall state, so its invalid counts tell which losses refused it.
            refused.observe(overall, row, examples);
        }
        counts.add(new PartitionCounts.Entry(TaskContext.getPartitionId(), c));
        refused.flush();

        List<InternalRow> out = new ArrayList<>();
        int groups = plan.groupColumns().size();
        out.add(partialRow(0, null, null, groups, overall));
        for (int s = 1; s < sliced; s++) {
            int slicing = s;
            int[] cols = slicings.get(s).columns();
            tables[s].forEach((values, state) -> out.add(partialRow(slicing, cols, values, groups, state)));
            tables[s] = null;
        }
        return out.iterator();
    }

    private static InternalRow partialRow(int slicing, int[] cols, Object[] key, int groups, double[] state) {
        Object[] values = new Object[groups + 2];
        values[0] = slicing;
        if (cols != null) {
            for (int j = 0; j < cols.length; j++) {
                values[1 + cols[j]] = key[j];
            }
        }
        values[groups + 1] = UnsafeArrayData.fromPrimitiveArray(state);
        return new GenericInternalRow(values);
    }

}
