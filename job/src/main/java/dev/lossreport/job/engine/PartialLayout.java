package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows shuffled between the two stages of the pass:
 * {@code (slicing, group values..., state, inputs...)}. A row carries either a partial state of its
 * slice (the inputs null) or, when partial aggregation did not pay for that slicing, the input row
 * itself (the state null), which the merge stage then adds to the slice like stage one would. The
 * inputs are the prepared row's input columns, so a reader of the prepared row reads a passed-through
 * row with its ordinals {@link #SHIFT} later.
 */
final class PartialLayout implements Serializable {
    /** Prepared ordinal j (an input column) sits at j + SHIFT in a partial row: slicing and state come first. */
    static final int SHIFT = 2;

    private final int groups;
    private final DataType[] groupTypes;
    private final DataType[] inputTypes;

    PartialLayout(PassPlan plan) {
        this.groups = plan.groupColumns().size();
        this.groupTypes = plan.groupColumns().stream().map(PassPlan.GroupColumn::type).toArray(DataType[]::new);
        StructField[] fields = plan.prepared().schema().fields();
        List<DataType> inputs = new ArrayList<>();
        for (int j = groups; j < fields.length; j++) {
            if (j != plan.sideOrdinal()) {
                inputs.add(fields[j].dataType());
            }
        }
        this.inputTypes = inputs.toArray(DataType[]::new);
    }

    int stateOrdinal() {
        return 1 + groups;
    }

    StructType schema() {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("__slicing", DataTypes.IntegerType, false));
        for (int g = 0; g < groups; g++) {
            f.add(DataTypes.createStructField("__g" + g, groupTypes[g], true));
        }
        f.add(DataTypes.createStructField("__state", DataTypes.createArrayType(DataTypes.DoubleType, false), true));
        for (int i = 0; i < inputTypes.length; i++) {
            f.add(DataTypes.createStructField("__in" + i, inputTypes[i], true));
        }
        return DataTypes.createStructType(f);
    }

    /** A partial state of one slice: {@code key} holds the values of the slicing's columns, in their order. */
    InternalRow state(int slicing, int[] columns, Object[] key, double[] state) {
        Object[] values = new Object[1 + groups + 1 + inputTypes.length];
        values[0] = slicing;
        if (columns != null) {
            for (int j = 0; j < columns.length; j++) {
                values[1 + columns[j]] = key[j];
            }
        }
        values[1 + groups] = UnsafeArrayData.fromPrimitiveArray(state);
        return new GenericInternalRow(values);
    }

    /** A view of prepared rows as passed-through rows of the slicing (its group values, no state, the inputs). */
    PassThroughRow passThrough(int slicing, int[] columns) {
        return new PassThroughRow(slicing, columns, schema(), groups);
    }
}
