package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
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
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of one slicing's slices within a partition, found by the row's group values. Slices get
 * consecutive slot numbers; slot k's lean block ({@link dev.lossreport.loss.LossSet#leanWidth}) is
 * {@code blocks()[k * width ..]} of one array, so a row's update reaches its slice without a pointer
 * per slice, and the rare cold state is an array of its own. A slicing by one column of a
 * fixed-width type (integers, dates, timestamps, booleans, floats) is keyed by a primitive long: a
 * small non-negative integer indexes a direct table, any other value an open-addressing table; no
 * key object per row. Any other slicing is keyed by an {@link UnsafeRow} of its columns. Floats
 * arrive normalized by the plan (-0.0 as 0.0, one NaN), so their bits are a key.
 */
abstract class SliceTable {
    private final int width;
    private final int coldWidth;
    private double[] blocks;
    private double[][] colds;
    private int size;
    private int coldCount;

    SliceTable(int width, int coldWidth) {
        this.width = width;
        this.coldWidth = coldWidth;
        this.blocks = new double[16 * width];
    }

    /** The slot of the row's slice, created empty the first time the slice is seen. */
    abstract int slot(InternalRow row);

    /**
     * The slots of rows [from, to) of a batch of the prepared columns into {@code out[from..to)}, as
     * {@link #slot} gives them row by row (here through the batch's row view, which this moves).
     */
    void slots(ColumnarBatch batch, int from, int to, int[] out) {
        for (int i = from; i < to; i++) {
            out[i] = slot(batch.getRow(i));
        }
    }

    /** The array of the lean blocks (slot k at {@code k * width}); a new slot may replace it. */
    final double[] blocks() {
        return blocks;
    }

    final int width() {
        return width;
    }

    /** The cold state of a slot, created on first use. */
    final double[] cold(int slot) {
        if (colds == null) {
            colds = new double[Math.max(16, blocks.length / width)][];
        }
        double[] c = colds[slot];
        if (c == null) {
            c = new double[coldWidth];
            colds[slot] = c;
            coldCount++;
        }
        return c;
    }

    /** A new empty slice's slot. */
    final int newSlot() {
        if ((size + 1) * width > blocks.length) {
            blocks = java.util.Arrays.copyOf(blocks, blocks.length * 2);
            if (colds != null) {
                colds = java.util.Arrays.copyOf(colds, blocks.length / width);
            }
        }
        return size++;
    }

    final int size() {
        return size;
    }

    /** The bytes the table holds, for the state budget. */
    final long bytes() {
        return 8L * blocks.length + keyBytes() + (colds == null ? 0 : 8L * colds.length + coldCount * (8L * coldWidth + 16));
    }

    abstract long keyBytes();

    /** The group values of a slot, in the slicing's column order. */
    abstract Object[] key(int slot);

    /** The slices seen, one at a time, so that emitting them holds no second copy. */
    final java.util.Iterator<Slice> slices() {
        return new java.util.Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < size;
            }

            @Override
            public Slice next() {
                Slice s = new Slice(key(k), blocks, k * width, colds == null ? null : colds[k]);
                k++;
                return s;
            }
        };
    }

    /** One slice: its group values, its lean block at {@code blocks[base..]} and its cold state (or null). */
    record Slice(Object[] key, double[] blocks, int base, double[] cold) {
    }

    /**
     * A table for a slicing; group column g of the plan sits at ordinal {@code g + offset} of the rows
     * it is given (0 for prepared rows, 1 for the merge stage's partial rows).
     */
    static SliceTable of(PassPlan plan, int[] columns, int width, int coldWidth, int offset) {
        if (columns.length == 1 && LongKeys.accepts(plan.groupColumns().get(columns[0]).type())) {
            return new LongKeys(columns[0] + offset, plan.groupColumns().get(columns[0]).type(), width, coldWidth);
        }
        return new RowKeys(plan, columns, width, coldWidth, offset);
    }

    /** One fixed-width column, keyed by its value as a long; the null group has a slot of its own. */
    static final class LongKeys extends SliceTable {
        /** Keys in [0, DIRECT_LIMIT) use the direct table while keys stay below 16 times the slices plus 1,024 (4 bytes each, next to a lean block of 100 and more). */
        private static final int DIRECT_LIMIT = 1 << 22;
        private final int column;
        private final Kind kind;
        /** Slot + 1 of key k, 0 when absent. */
        private int[] direct;
        /** Open addressing: key and slot + 1 (0 when empty) interleaved, one cache line per probe. */
        private long[] table = new long[2 * 64];
        private int hashed;
        private int nullSlot = -1;
        private long[] keys = new long[16];
        /** Per dictionary id of the vector being read: the call ({@code idStamp}) that found its slot, and the slot. */
        private int[] idStamps = new int[64];
        private int[] idSlots = new int[64];
        private int idStamp;
        /** The column's dictionaries have more ids than the cache keeps: slots are found from the decoded values. */
        private boolean wideDictionary;
        private static final int CACHED_IDS = 4096;

        private enum Kind { INT, LONG, DOUBLE, FLOAT, SHORT, BYTE, BOOLEAN }

        LongKeys(int column, DataType type, int width, int coldWidth) {
            this(column, type, width, coldWidth, 1024);
        }

        /** A table whose keys in [0, directLength) are found in the direct table from the start. */
        LongKeys(int column, DataType type, int width, int coldWidth, int directLength) {
            super(width, coldWidth);
            this.column = column;
            this.kind = kindOf(type);
            this.direct = new int[directLength];
        }

        static boolean accepts(DataType t) {
            return t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType
                    || t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType
                    || t instanceof BooleanType || t instanceof DoubleType || t instanceof FloatType;
        }

        private static Kind kindOf(DataType t) {
            if (t instanceof IntegerType || t instanceof DateType) {
                return Kind.INT;
            }
            if (t instanceof LongType || t instanceof TimestampType || t instanceof TimestampNTZType) {
                return Kind.LONG;
            }
            if (t instanceof DoubleType) {
                return Kind.DOUBLE;
            }
            if (t instanceof FloatType) {
                return Kind.FLOAT;
            }
            if (t instanceof ShortType) {
                return Kind.SHORT;
            }
            if (t instanceof ByteType) {
                return Kind.BYTE;
            }
            return Kind.BOOLEAN;
        }

        @Override
        int slot(InternalRow row) {
            return row.isNullAt(column) ? nullSlot() : slot(key(row));
        }

        /**
         * The slots of rows [from, to) of a column batch, read from the column vector in one loop per
         * type, with no call through the row per value (stage one's batch path).
         */
        @Override
        void slots(ColumnarBatch batch, int from, int to, int[] out) {
            ColumnVector v = batch.column(column);
            boolean nulls = v.hasNull();
            if (!wideDictionary && (kind == Kind.INT || kind == Kind.LONG) && v instanceof WritableColumnVector w && w.hasDictionary()) {
                dictionarySlots(w, nulls, from, to, out);
                return;
            }
            switch (kind) {
                case INT -> {
                    for (int i = from; i < to; i++) {
                        out[i] = nulls && v.isNullAt(i) ? nullSlot() : slot(v.getInt(i));
                    }
                }
                case LONG -> {
                    for (int i = from; i < to; i++) {
                        out[i] = nulls && v.isNullAt(i) ? nullSlot() : slot(v.getLong(i));
                    }
                }
                default -> super.slots(batch, from, to, out);
            }
        }

        /**
         * The slots of a dictionary-encoded vector's rows: each dictionary id is decoded and looked up
         * once per call (the batch's vector has one dictionary), later rows with that id reuse its slot.
         * A dictionary with ids beyond {@value #CACHED_IDS} ends this for the table: its ids seldom
         * repeat within a call, and the cache would be two more arrays to miss in per row.
         */
        private void dictionarySlots(WritableColumnVector v, boolean nulls, int from, int to, int[] out) {
            WritableColumnVector ids = v.getDictionaryIds();
            int stamp = ++idStamp;
            if (stamp == Integer.MAX_VALUE) {
                java.util.Arrays.fill(idStamps, 0);
                idStamp = stamp = 1;
            }
            for (int i = from; i < to; i++) {
                if (nulls && v.isNullAt(i)) {
                    out[i] = nullSlot();
                    continue;
                }
                int id = ids.getDictId(i);
                if (id >= CACHED_IDS) {
                    wideDictionary = true;
                    out[i] = slot(kind == Kind.INT ? v.getInt(i) : v.getLong(i));
                    continue;
                }
                if (id >= idStamps.length) {
                    int n = Math.min(CACHED_IDS, Math.max(id + 1, 2 * idStamps.length));
                    idStamps = java.util.Arrays.copyOf(idStamps, n);
                    idSlots = java.util.Arrays.copyOf(idSlots, n);
                }
                if (idStamps[id] != stamp) {
                    idStamps[id] = stamp;
                    idSlots[id] = slot(kind == Kind.INT ? v.getInt(i) : v.getLong(i));
                }
                out[i] = idSlots[id];
            }
        }

        private int nullSlot() {
            if (nullSlot < 0) {
                nullSlot = added(0);
            }
            return nullSlot;
        }

        /** The slot of a non-null key. */
        int slot(long key) {
            if (key >= 0 && key < direct.length) {
                int s = direct[(int) key];
                if (s != 0) {
                    return s - 1;
                }
                return directMiss(key);
            }
            if (key >= 0 && key < DIRECT_LIMIT && key < 16L * (size() + 1024)) {
                // A key beyond the direct table, which stays dense enough when grown to hold it.
                direct = java.util.Arrays.copyOf(direct, (int) Math.min(DIRECT_LIMIT, Long.highestOneBit(key) << 1));
                return directMiss(key);
            }
            return hashedSlot(key, true);
        }

        /** A key the direct table covers but does not hold: it may have been hashed before the table grew. */
        private int directMiss(long key) {
            int s = hashed == 0 ? -1 : hashedSlot(key, false);
            if (s < 0) {
                s = added(key);
            }
            direct[(int) key] = s + 1;
            return s;
        }

        private int hashedSlot(long key, boolean create) {
            int mask = table.length / 2 - 1;
            int i = hash(key) & mask;
            while (true) {
                long s = table[2 * i + 1];
                if (s == 0) {
                    if (!create) {
                        return -1;
                    }
                    int slot = added(key);
                    table[2 * i] = key;
                    table[2 * i + 1] = slot + 1;
                    if (++hashed * 2 > mask + 1) {
                        grow();
                    }
                    return slot;
                }
                if (table[2 * i] == key) {
                    return (int) s - 1;
                }
                i = (i + 1) & mask;
            }
        }

        private int added(long key) {
            int slot = newSlot();
            if (slot == keys.length) {
                keys = java.util.Arrays.copyOf(keys, keys.length * 2);
            }
            keys[slot] = key;
            return slot;
        }

        private long key(InternalRow row) {
            return switch (kind) {
                case INT -> row.getInt(column);
                case LONG -> row.getLong(column);
                case DOUBLE -> Double.doubleToRawLongBits(row.getDouble(column));
                case FLOAT -> Float.floatToRawIntBits(row.getFloat(column));
                case SHORT -> row.getShort(column);
                case BYTE -> row.getByte(column);
                case BOOLEAN -> row.getBoolean(column) ? 1 : 0;
            };
        }

        @Override
        Object[] key(int slot) {
            if (slot == nullSlot) {
                return new Object[]{null};
            }
            long key = keys[slot];
            Object v = switch (kind) {
                case INT -> (int) key;
                case LONG -> key;
                case DOUBLE -> Double.longBitsToDouble(key);
                case FLOAT -> Float.intBitsToFloat((int) key);
                case SHORT -> (short) key;
                case BYTE -> (byte) key;
                case BOOLEAN -> key == 1;
            };
            return new Object[]{v};
        }

        /**
         * MurmurHash3's 64-bit finalizer: every key bit reaches the low bits the table masks, also for
         * keys that differ only in high bits (timestamps of whole days, in microseconds).
         */
        private static int hash(long key) {
            long h = key;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return (int) h;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            int mask = table.length / 2 - 1;
            for (int j = 0; j < old.length / 2; j++) {
                if (old[2 * j + 1] != 0) {
                    int i = hash(old[2 * j]) & mask;
                    while (table[2 * i + 1] != 0) {
                        i = (i + 1) & mask;
                    }
                    table[2 * i] = old[2 * j];
                    table[2 * i + 1] = old[2 * j + 1];
                }
            }
        }

        @Override
        long keyBytes() {
            return 4L * direct.length + 8L * table.length + 8L * keys.length + 8L * idStamps.length;
        }
    }

    /** Any columns, keyed by an UnsafeRow of their values (copied only when a slice is first seen). */
    static final class RowKeys extends SliceTable {
        private final UnsafeProjection project;
        private final DataType[] types;
        private final Map<UnsafeRow, Integer> slots = new HashMap<>();
        private final List<UnsafeRow> keys = new ArrayList<>();
        private long keyBytes;

        RowKeys(PassPlan plan, int[] columns, int width, int coldWidth, int offset) {
            super(width, coldWidth);
            List<Expression> refs = new ArrayList<>();
            types = new DataType[columns.length];
            for (int j = 0; j < columns.length; j++) {
                types[j] = plan.groupColumns().get(columns[j]).type();
                refs.add(new BoundReference(columns[j] + offset, types[j], true));
            }
            this.project = UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(refs).toSeq());
        }

        @Override
        int slot(InternalRow row) {
            UnsafeRow key = project.apply(row);
            Integer s = slots.get(key);
            if (s == null) {
                UnsafeRow copy = key.copy();
                s = newSlot();
                slots.put(copy, s);
                keys.add(copy);
                keyBytes += copy.getSizeInBytes() + 96;
            }
            return s;
        }

        @Override
        long keyBytes() {
            return keyBytes;
        }

        @Override
        Object[] key(int slot) {
            UnsafeRow k = keys.get(slot);
            Object[] values = new Object[types.length];
            for (int j = 0; j < types.length; j++) {
                values[j] = k.isNullAt(j) ? null : k.get(j, types[j]);
            }
            return values;
        }
    }
}
