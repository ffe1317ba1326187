package dev.lossreport.job.engine;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slicing's table gives one slot per distinct group value, whichever of its lookups (direct table
 * for small non-negative integers, hashing for the rest, its own slot for null) found it, also when
 * a value was hashed before the direct table grew to cover it.
 */
class SliceTableTest {
    @Test
    void everyValueKeepsOneSlotAcrossDirectAndHashedLookups() {
        SliceTable.LongKeys table = new SliceTable.LongKeys(0, DataTypes.LongType, 3, 7);
        Map<Long, Integer> expected = new HashMap<>();
        Integer nullSlot = null;
        Random r = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            Long key = switch (r.nextInt(6)) {
                case 0 -> 10_000L + r.nextInt(50); // hashed while few slices exist, direct later
                case 1 -> 1_000_000_000L + r.nextInt(1000); // always hashed
                case 2 -> -1L - r.nextInt(100); // negative: hashed
                case 3 -> r.nextInt(20) == 0 ? null : 5L;
                default -> (long) r.nextInt(3000); // dense, direct
            };
            InternalRow row = new GenericInternalRow(new Object[]{key});
            int slot = table.slot(row);
            assertTrue(slot * 3 + 3 <= table.blocks().length, "the slot's lean block is inside the array");
            if (key == null) {
                if (nullSlot == null) {
                    nullSlot = slot;
                }
                assertEquals(nullSlot, slot, "the null group");
                continue;
            }
            Integer before = expected.putIfAbsent(key, slot);
            assertEquals(before == null ? slot : before, slot, "key " + key);
        }
        assertEquals(expected.size() + 1, table.size(), "one slot per distinct value and one for null");
        expected.forEach((k, s) -> assertArrayEquals(new Object[]{k}, table.key(s)));
        assertArrayEquals(new Object[]{null}, table.key(nullSlot));
    }

    /** A batch's slots (from the column vector, or through the row view for doubles) are the slots its rows would get one by one. */
    @Test
    void batchSlotsAreTheRowSlots() {
        Random r = new Random(5);
        for (var type : new org.apache.spark.sql.types.DataType[]{DataTypes.IntegerType, DataTypes.LongType, DataTypes.DoubleType}) {
            SliceTable.LongKeys byBatch = new SliceTable.LongKeys(1, type, 2, 3);
            SliceTable.LongKeys byRow = new SliceTable.LongKeys(1, type, 2, 3);
            for (int round = 0; round < 5; round++) {
                int n = 1000;
                var other = new org.apache.spark.sql.execution.vectorized.OnHeapColumnVector(n, DataTypes.DoubleType);
                var keys = new org.apache.spark.sql.execution.vectorized.OnHeapColumnVector(n, type);
                for (int i = 0; i < n; i++) {
                    long k = r.nextInt(10) == 0 ? -5 - r.nextInt(3) : r.nextInt(10) == 0 ? 1L << 40 : r.nextInt(5000);
                    if (round > 0 && r.nextInt(7) == 0) {
                        keys.putNull(i);
                    } else if (type == DataTypes.IntegerType) {
                        keys.putInt(i, (int) k);
                    } else if (type == DataTypes.LongType) {
                        keys.putLong(i, k);
                    } else {
                        keys.putDouble(i, k / 4.0); // no column loop: found through the row view
                    }
                }
                var batch = new org.apache.spark.sql.vectorized.ColumnarBatch(
                        new org.apache.spark.sql.vectorized.ColumnVector[]{other, keys}, n);
                int[] slots = new int[n];
                int from = round == 4 ? 300 : 0; // a table started within a batch
                byBatch.slots(batch, from, n, slots);
                for (int i = from; i < n; i++) {
                    assertEquals(byRow.slot(batch.getRow(i)), slots[i], type + " row " + i);
                }
                for (int s = 0; s < byRow.size(); s++) {
                    assertArrayEquals(byRow.key(s), byBatch.key(s));
                }
            }
            assertEquals(byRow.size(), byBatch.size());
        }
    }

    /**
     * Dictionary-encoded vectors (as Parquet's reader leaves them): each batch has a dictionary of its
     * own, in which an id another batch used stands for another value; the slots are the row slots.
     */
    @Test
    void dictionaryBatchSlotsAreTheRowSlots() {
        Random r = new Random(7);
        for (var type : new org.apache.spark.sql.types.DataType[]{DataTypes.IntegerType, DataTypes.LongType}) {
            SliceTable.LongKeys byBatch = new SliceTable.LongKeys(0, type, 2, 3);
            SliceTable.LongKeys byRow = new SliceTable.LongKeys(0, type, 2, 3);
            for (int round = 0; round < 4; round++) {
                int n = 2000;
                // Round 2's dictionary is wider than the id cache: from then on the values are decoded.
                long[] values = new long[round == 2 ? 6000 : 1 + r.nextInt(300)];
                for (int d = 0; d < values.length; d++) {
                    values[d] = r.nextInt(4) == 0 ? (1L << 35) + r.nextInt(50) : r.nextInt(round == 2 ? 9000 : 500) - 20;
                }
                var keys = new org.apache.spark.sql.execution.vectorized.OnHeapColumnVector(n, type);
                var ids = keys.reserveDictionaryIds(n);
                for (int i = 0; i < n; i++) {
                    if (round % 2 == 1 && r.nextInt(9) == 0) {
                        keys.putNull(i);
                    }
                    ids.putInt(i, r.nextInt(values.length));
                }
                keys.setDictionary(new org.apache.spark.sql.execution.vectorized.Dictionary() {
                    public int decodeToInt(int id) {
                        return (int) values[id];
                    }

                    public long decodeToLong(int id) {
                        return values[id];
                    }

                    public float decodeToFloat(int id) {
                        throw new UnsupportedOperationException();
                    }

                    public double decodeToDouble(int id) {
                        throw new UnsupportedOperationException();
                    }

                    public byte[] decodeToBinary(int id) {
                        throw new UnsupportedOperationException();
                    }
                });
                var batch = new org.apache.spark.sql.vectorized.ColumnarBatch(new org.apache.spark.sql.vectorized.ColumnVector[]{keys}, n);
                int[] slots = new int[n];
                byBatch.slots(batch, 0, n / 2, slots);
                byBatch.slots(batch, n / 2, n, slots);
                for (int i = 0; i < n; i++) {
                    assertEquals(byRow.slot(batch.getRow(i)), slots[i], type + " round " + round + " row " + i);
                }
            }
            assertEquals(byRow.size(), byBatch.size());
            for (int s = 0; s < byRow.size(); s++) {
                assertArrayEquals(byRow.key(s), byBatch.key(s));
            }
        }
    }

    @Test
    void coldStatesAreCreatedOnlyWhenAsked() {
        SliceTable.LongKeys table = new SliceTable.LongKeys(0, DataTypes.IntegerType, 2, 5);
        for (int k = 0; k < 100; k++) {
            table.slot(new GenericInternalRow(new Object[]{k}));
        }
        long lean = table.bytes();
        table.cold(42)[1] = 3;
        assertEquals(3, table.cold(42)[1], "the same cold state on a second call");
        assertTrue(table.bytes() > lean, "a cold state counts in the budget");
        var it = table.slices();
        int withCold = 0;
        while (it.hasNext()) {
            SliceTable.Slice s = it.next();
            if (s.cold() != null) {
                withCold++;
                assertEquals(42, s.key()[0]);
                assertEquals(5, s.cold().length);
            }
            assertNotNull(s.blocks());
        }
        assertEquals(1, withCold);
        assertFalse(new SliceTable.LongKeys(0, DataTypes.IntegerType, 2, 5).slices().hasNext(), "an empty table has no slices");
    }
}
