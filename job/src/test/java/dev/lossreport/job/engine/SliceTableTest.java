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
