package dev.lossreport.job.engine;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The passed-through view reads a prepared row as the partial row of its slicing, and its copy outlives the row. */
class PassThroughRowTest {
    // Partial layout of two group columns: slicing, g0, g1, state, then the inputs (prepared ordinal j at j + 2).
    private static final StructType SCHEMA = new StructType()
            .add("__slicing", DataTypes.IntegerType, false)
            .add("__g0", DataTypes.StringType, true)
            .add("__g1", DataTypes.LongType, true)
            .add("__state", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("__in0", DataTypes.DoubleType, true)
            .add("__in1", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("__bucket", DataTypes.IntegerType, true)
            .add("__packed", DataTypes.BinaryType, true);

    @Test
    void readsThePreparedRowAsThePartialRowOfItsSlicing() {
        GenericInternalRow prepared = new GenericInternalRow(new Object[]{
                UTF8String.fromString("a"), 7L, 0.25, UnsafeArrayData.fromPrimitiveArray(new double[]{1, 2})});
        PassThroughRow view = new PassThroughRow(3, new int[]{1}, SCHEMA, 2).of(prepared);
        assertEquals(8, view.numFields());
        assertTrue(view.isNullAt(6) && view.isNullAt(7), "no bucket, no pack");
        assertEquals(3, view.getInt(0));
        assertTrue(view.isNullAt(1), "g0 is not a column of this slicing");
        assertFalse(view.isNullAt(2));
        assertEquals(7L, view.getLong(2));
        assertTrue(view.isNullAt(3), "no state");
        assertEquals(0.25, view.getDouble(4));
        assertArrayEquals(new double[]{1, 2}, view.getArray(5).toDoubleArray());

        InternalRow copy = view.copy();
        prepared.update(1, 8L);
        prepared.setNullAt(2);
        assertEquals(3, copy.getInt(0));
        assertNull(copy.get(1, DataTypes.StringType));
        assertEquals(7L, copy.getLong(2));
        assertTrue(copy.isNullAt(3));
        assertEquals(0.25, copy.getDouble(4));
        assertTrue(view.isNullAt(4), "the view follows the row it wraps");
    }

    @Test
    void aNullGroupValueOfTheSlicingIsNull() {
        GenericInternalRow prepared = new GenericInternalRow(new Object[]{UTF8String.fromString("b"), null, 1.0, null});
        PassThroughRow view = new PassThroughRow(1, new int[]{0, 1}, SCHEMA, 2).of(prepared);
        assertEquals(UTF8String.fromString("b"), view.getUTF8String(1));
        assertTrue(view.isNullAt(2));
        assertTrue(view.isNullAt(5));
    }
}
