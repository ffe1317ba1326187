package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Murmur3Hash;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows shuffled between the two stages of the pass:
 * {@code (slicing, group values..., state, inputs..., bucket, packed)}. A row carries a partial state
 * of its slice (the inputs null), or a pack of passed-through rows ({@link RowPacker}): input rows of
 * a slicing for which partial aggregation did not pay, which the merge stage adds to their slices
 * like stage one would. A passed-through row is the shorter {@code (slicing, group values...,
 * inputs...)}: no state, bucket or pack field to shuffle for each of millions of rows. Its group
 * values sit where a partial row's do, and its inputs are the prepared row's input columns, so a
 * reader of the prepared row reads a passed-through row with its ordinals {@link #PASSED_SHIFT} later.
 *
 * <p>Rows are shuffled by bucket, a hash of (slicing, group values) modulo the number of buckets,
 * so that a slice's partial states and every pack holding rows of it meet in one merge task.
 */
final class PartialLayout implements Serializable {
    /** Prepared ordinal j (an input column) sits at j + PASSED_SHIFT in a passed-through row: the slicing comes first. */
    static final int PASSED_SHIFT = 1;

    private final int groups;
    private final DataType[] groupTypes;
    private final DataType[] inputTypes;
    private final int buckets;
    private transient UnsafeProjection hash;

    PartialLayout(PassPlan plan, int buckets) {
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
        this.buckets = buckets;
    }

    int stateOrdinal() {
        return 1 + groups;
    }

    int bucketOrdinal() {
        return 2 + groups + inputTypes.length;
    }

    int packedOrdinal() {
        return bucketOrdinal() + 1;
    }

    /** The number of fields of a passed-through row. */
    int passedFields() {
        return 1 + groups + inputTypes.length;
    }

    /** The types of a passed-through row's fields. */
    DataType[] passedTypes() {
        DataType[] t = new DataType[passedFields()];
        t[0] = DataTypes.IntegerType;
        System.arraycopy(groupTypes, 0, t, 1, groups);
        System.arraycopy(inputTypes, 0, t, 1 + groups, inputTypes.length);
        return t;
    }

    int buckets() {
        return buckets;
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
        f.add(DataTypes.createStructField("__bucket", DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField("__packed", DataTypes.BinaryType, true));
        return DataTypes.createStructType(f);
    }

    /**
     * The bucket of a partial row's slice: Spark's Murmur3 hash of its slicing and group values (the
     * same values at the same ordinals whether the row is a state or a passed-through row).
     */
    int bucket(InternalRow partial) {
        if (hash == null) {
            List<Expression> key = new ArrayList<>();
            key.add(new BoundReference(0, DataTypes.IntegerType, false));
            for (int g = 0; g < groups; g++) {
                key.add(new BoundReference(1 + g, groupTypes[g], true));
            }
            Expression h = new Murmur3Hash(scala.jdk.javaapi.CollectionConverters.asScala(key).toSeq(), 42);
            hash = UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(List.of(h)).toSeq());
        }
        return Math.floorMod(hash.apply(partial).getInt(0), buckets);
    }

    /** A partial state of one slice: {@code key} holds the values of the slicing's columns, in their order. */
    InternalRow state(int slicing, int[] columns, Object[] key, double[] state) {
        Object[] values = new Object[packedOrdinal() + 1];
        values[0] = slicing;
        if (columns != null) {
            for (int j = 0; j < columns.length; j++) {
                values[1 + columns[j]] = key[j];
            }
        }
        values[1 + groups] = UnsafeArrayData.fromPrimitiveArray(state);
        GenericInternalRow row = new GenericInternalRow(values);
        row.update(bucketOrdinal(), bucket(row));
        return row;
    }

    /** A pack of passed-through rows of one bucket ({@link RowPacker}); its slicing is -1, as it is no slice's. */
    InternalRow pack(int bucket, byte[] packed) {
        Object[] values = new Object[packedOrdinal() + 1];
        values[0] = -1;
        values[bucketOrdinal()] = bucket;
        values[packedOrdinal()] = packed;
        return new GenericInternalRow(values);
    }

    /**
     * Projects a prepared row to a passed-through row of the slicing (its slicing, its group values, the
     * inputs): the one copy of the row before the {@link RowPacker} stores its bytes.
     */
    UnsafeProjection passThrough(int slicing, int[] columns) {
        List<Expression> e = new ArrayList<>();
        e.add(Literal.create(slicing, DataTypes.IntegerType));
        for (int g = 0; g < groups; g++) {
            boolean used = false;
            for (int c : columns) {
                used |= c == g;
            }
            e.add(used ? new BoundReference(g, groupTypes[g], true) : Literal.create(null, groupTypes[g]));
        }
        for (int i = 0; i < inputTypes.length; i++) {
            e.add(new BoundReference(groups + i, inputTypes[i], true));
        }
        return UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(e).toSeq());
    }
}
