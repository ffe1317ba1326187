package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of one slicing's slices within a partition, found by the row's group values. A slicing
 * by one column of a fixed-width type (integers, dates, timestamps, booleans, floats) is keyed by a
 * primitive long in an open-addressing table: no key object per row. Any other slicing is keyed by an
 * {@link UnsafeRow} of its columns. Floats arrive normalized by the plan (-0.0 as 0.0, one NaN), so
 * their bits are a key.
 */
abstract class SliceTable {

    /** The state of the row's slice, created empty the first time the slice is seen. */
    abstract double[] state(InternalRow row);


    abstract int size();

    /** The slices seen, one at a time, so that emitting them holds no second copy. */
    abstract java.util.Iterator<Slice> slices();

    /** One slice: its group values and its state. */
    record Slice(Object[] key, double[] state) {
    }

    /**
     * A table for a slicing; group column g of the plan sits at ordinal {@code g + offset} of the rows
     * it is given (0 for prepared rows, 1 for the merge stage's partial rows).
     */
    static SliceTable of(PassPlan plan, int[] columns, int width, int offset) {
        if (columns.length == 1 && LongKeys.accepts(plan.groupColumns().get(columns[0]).type())) {
            return new LongKeys(columns[0] + offset, plan.groupColumns().get(columns[0]).type(), width);
        }
        return new RowKeys(plan, columns, width, offset);
    }

    /** One fixed-width column, keyed by its value as a long; the null group has a slot of its own. */
    static final class LongKeys extends SliceTable {
        private final int column;
        private final DataType type;
        private final int width;
        private long[] keys = new long[64];
        private double[][] states = new double[64][];
        private int size;
        private double[] nullState;

        LongKeys(int column, DataType type, int width) {
            this.column = column;
            this.type = type;
            this.width = width;
        }

        static boolean accepts(DataType t) {
            return t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType
                    || t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType
                    || t instanceof BooleanType || t instanceof DoubleType || t instanceof FloatType;
        }

        @Override
        double[] state(InternalRow row) {
            if (row.isNullAt(column)) {
                if (nullState == null) {
                    nullState = new double[width];
                }
                return nullState;
            }
            long key = key(row);
            int mask = keys.length - 1;
            int i = slot(key) & mask;
            while (true) {
                double[] s = states[i];
                if (s == null) {
                    s = new double[width];
                    keys[i] = key;
                    states[i] = s;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return s;
                }
                if (keys[i] == key) {
                    return s;
                }
                i = (i + 1) & mask;
            }
        }

        private long key(InternalRow row) {
            if (type instanceof IntegerType || type instanceof DateType) {
                return row.getInt(column);
            }
            if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
                return row.getLong(column);
            }
            if (type instanceof DoubleType) {
                return Double.doubleToRawLongBits(row.getDouble(column));
            }
            if (type instanceof FloatType) {
                return Float.floatToRawIntBits(row.getFloat(column));
            }
            if (type instanceof ShortType) {
                return row.getShort(column);
            }
            if (type instanceof ByteType) {
                return row.getByte(column);
            }
            return row.getBoolean(column) ? 1 : 0;
        }

        private Object value(long key) {
            if (type instanceof IntegerType || type instanceof DateType) {
                return (int) key;
            }
            if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
                return key;
            }
            if (type instanceof DoubleType) {
                return Double.longBitsToDouble(key);
            }
            if (type instanceof FloatType) {
                return Float.intBitsToFloat((int) key);
            }
            if (type instanceof ShortType) {
                return (short) key;
            }
            if (type instanceof ByteType) {
                return (byte) key;
            }
            return key == 1;
        }

        private static int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        private void grow() {
            long[] oldKeys = keys;
            double[][] oldStates = states;
            keys = new long[oldKeys.length * 2];
            states = new double[oldKeys.length * 2][];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldStates[j] != null) {
                    int i = slot(oldKeys[j]) & mask;
                    while (states[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    states[i] = oldStates[j];
                }
            }
        }


        @Override
        int size() {
            return size + (nullState == null ? 0 : 1);
        }

        @Override
        java.util.Iterator<Slice> slices() {
            return new java.util.Iterator<>() {
                private int i = nullState == null ? 0 : -1;

                {
                    skip();
                }

                private void skip() {
                    while (i >= 0 && i < keys.length && states[i] == null) {
                        i++;
                    }
                }

                @Override
                public boolean hasNext() {
                    return i < keys.length;
                }

                @Override
                public Slice next() {
                    Slice s = i < 0 ? new Slice(new Object[]{null}, nullState) : new Slice(new Object[]{value(keys[i])}, states[i]);
                    i++;
                    skip();
                    return s;
                }
            };
        }
    }

    /** Any columns, keyed by an UnsafeRow of their values (copied only when a slice is first seen). */
    static final class RowKeys extends SliceTable {
        private final UnsafeProjection project;
        private final DataType[] types;
        private final int width;
        private final Map<UnsafeRow, double[]> states = new HashMap<>();

        RowKeys(PassPlan plan, int[] columns, int width, int offset) {
            List<Expression> refs = new ArrayList<>();
            types = new DataType[columns.length];
            for (int j = 0; j < columns.length; j++) {
                types[j] = plan.groupColumns().get(columns[j]).type();
                refs.add(new BoundReference(columns[j] + offset, types[j], true));
            }
            this.project = UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(refs).toSeq());
            this.width = width;
        }

        @Override
        double[] state(InternalRow row) {
            UnsafeRow key = project.apply(row);
            double[] s = states.get(key);
            if (s == null) {
                s = new double[width];
                states.put(key.copy(), s);
            }
            return s;
        }


        @Override
        int size() {
            return states.size();
        }

        @Override
        java.util.Iterator<Slice> slices() {
            var entries = states.entrySet().iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Slice next() {
                    Map.Entry<UnsafeRow, double[]> e = entries.next();
                    Object[] values = new Object[types.length];
                    for (int j = 0; j < types.length; j++) {
                        values[j] = e.getKey().isNullAt(j) ? null : e.getKey().get(j, types[j]);
                    }
                    return new Slice(values, e.getValue());
                }
            };
        }
    }
}
