package dev.lossreport.job.engine;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.BinaryView;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.unsafe.types.VariantVal;

/**
 * A prepared row seen as the passed-through partial row of one slicing ({@link PartialLayout}): the
 * slicing, the slicing's group values (the other group columns null), no state, the inputs, no
 * bucket or pack. A view, not a copy: the {@link RowPacker} copies it once, into its pack, while the
 * prepared row it wraps (a row of the current column batch) is still the current one.
 */
final class PassThroughRow extends InternalRow {
    private final int slicing;
    private final int groups;
    private final boolean[] used;
    private final StructType schema;
    /** The first ordinal after the inputs (bucket, packed): always null in a passed-through row. */
    private final int extra;
    private InternalRow row;

    PassThroughRow(int slicing, int[] columns, StructType schema, int groups) {
        this.slicing = slicing;
        this.groups = groups;
        this.used = new boolean[groups];
        for (int c : columns) {
            used[c] = true;
        }
        this.schema = schema;
        this.extra = schema.size() - 2;
    }

    /** This view of a prepared row. */
    PassThroughRow of(InternalRow prepared) {
        this.row = prepared;
        return this;
    }

    /** The prepared ordinal of partial ordinal i (a group column or an input). */
    private int source(int i) {
        return i <= groups ? i - 1 : i - PartialLayout.SHIFT;
    }

    @Override
    public int numFields() {
        return schema.size();
    }

    @Override
    public boolean isNullAt(int i) {
        if (i == 0) {
            return false;
        }
        if (i <= groups) {
            return !used[i - 1] || row.isNullAt(i - 1);
        }
        return i == groups + 1 || i >= extra || row.isNullAt(i - PartialLayout.SHIFT);
    }

    @Override
    public int getInt(int i) {
        return i == 0 ? slicing : row.getInt(source(i));
    }

    @Override
    public Object get(int i, DataType type) {
        if (i == 0) {
            return slicing;
        }
        return isNullAt(i) ? null : row.get(source(i), type);
    }

    @Override
    public boolean getBoolean(int i) {
        return row.getBoolean(source(i));
    }

    @Override
    public byte getByte(int i) {
        return row.getByte(source(i));
    }

    @Override
    public short getShort(int i) {
        return row.getShort(source(i));
    }

    @Override
    public long getLong(int i) {
        return row.getLong(source(i));
    }

    @Override
    public float getFloat(int i) {
        return row.getFloat(source(i));
    }

    @Override
    public double getDouble(int i) {
        return row.getDouble(source(i));
    }

    @Override
    public Decimal getDecimal(int i, int precision, int scale) {
        return row.getDecimal(source(i), precision, scale);
    }

    @Override
    public UTF8String getUTF8String(int i) {
        return row.getUTF8String(source(i));
    }

    @Override
    public byte[] getBinary(int i) {
        return row.getBinary(source(i));
    }

    @Override
    public BinaryView getBinaryView(int i) {
        return row.getBinaryView(source(i));
    }

    @Override
    public CalendarInterval getInterval(int i) {
        return row.getInterval(source(i));
    }

    @Override
    public VariantVal getVariant(int i) {
        return row.getVariant(source(i));
    }

    @Override
    public InternalRow getStruct(int i, int numFields) {
        return row.getStruct(source(i), numFields);
    }

    @Override
    public ArrayData getArray(int i) {
        return row.getArray(source(i));
    }

    @Override
    public MapData getMap(int i) {
        return row.getMap(source(i));
    }

    @Override
    public void setNullAt(int i) {
        throw new UnsupportedOperationException("a passed-through row is read only");
    }

    @Override
    public void update(int i, Object value) {
        throw new UnsupportedOperationException("a passed-through row is read only");
    }

    /** A detached copy (its values copied out of the prepared row). */
    @Override
    public InternalRow copy() {
        Object[] values = new Object[numFields()];
        for (int i = 0; i < values.length; i++) {
            Object v = get(i, schema.fields()[i].dataType());
            values[i] = v instanceof UTF8String s ? s.copy()
                    : v instanceof ArrayData a ? a.copy()
                    : v instanceof InternalRow r ? r.copy()
                    : v instanceof MapData m ? m.copy() : v;
        }
        return new GenericInternalRow(values);
    }
}
