package dev.lossreport.job.engine;

import dev.lossreport.loss.LossSet;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Stage one's cells of a few small slicings (at most {@value #MAX_MEMBERS}, with at most
 * {@value #MAX_CELLS} combinations of the slices seen when chosen): a row updates the one cell of
 * its slices' combination instead of one slice of each member, so four slicings cost fewer block
 * updates per row than four. The cells are added into each member's slices (compensated merges of
 * the lean blocks and cold states) before those slices are emitted, restarted or passed through, so
 * a slice's state holds the same sums as if its rows had updated it directly, up to rounding within
 * the compensated sums.
 *
 * <p>A cell's key is the members' slots in fixed bit fields, each wide enough for half as many slices
 * again as its member had when chosen, so a cell is found by indexing an array. A row whose slot
 * outgrows its field updates the member slices itself ({@link #fits}), and the caller then dissolves
 * the combination.
 */
final class CombinedSlicings {
    static final int MAX_MEMBERS = 3;
    static final int MAX_CELLS = 1024;
    /** The key's bits in all: the cells' index array has at most 2^18 entries (1 MiB). */
    static final int MAX_BITS = 18;

    private final int[] members;
    /** Per slicing, the shift of its slot in a cell's key, or -1 when it is not a member; and its field's width. */
    private final int[] shift;
    private final int[] bits;
    private final int keyBits;
    private final LossSet losses;
    private final int lean;
    private SliceTable.LongKeys cells;

    private CombinedSlicings(int[] members, int[] bits, int slicings, LossSet losses) {
        this.members = members;
        this.losses = losses;
        this.lean = losses.leanWidth();
        shift = new int[slicings];
        this.bits = new int[slicings];
        Arrays.fill(shift, -1);
        int at = 0;
        for (int m = 0; m < members.length; m++) {
            shift[members[m]] = at;
            this.bits[members[m]] = bits[m];
            at += bits[m];
        }
        keyBits = at;
        cells = newCells();
    }

    /**
     * The combination of the smallest aggregating tables (by slices seen so far) whose slices have at
     * most {@value #MAX_CELLS} combinations, or null when fewer than two slicings qualify.
     */
    static CombinedSlicings choose(SliceTable[] tables, boolean[] aggregating, LossSet losses) {
        List<Integer> candidates = new ArrayList<>();
        for (int s = 1; s < tables.length; s++) {
            if (aggregating[s] && tables[s].size() > 0) {
                candidates.add(s);
            }
        }
        candidates.sort(Comparator.comparingInt(s -> tables[s].size()));
        List<Integer> chosen = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        long product = 1;
        int keyBits = 0;
        for (int s : candidates) {
            int size = tables[s].size();
            int width = fieldBits(size);
            if (chosen.size() == MAX_MEMBERS || product * size > MAX_CELLS || keyBits + width > MAX_BITS) {
                break;
            }
            product *= size;
            keyBits += width;
            chosen.add(s);
            widths.add(width);
        }
        if (chosen.size() < 2) {
            return null;
        }
        return new CombinedSlicings(chosen.stream().mapToInt(Integer::intValue).toArray(),
                widths.stream().mapToInt(Integer::intValue).toArray(), tables.length, losses);
    }

    /** Bits for slots up to 1.5 times the slices seen, at least 2. */
    static int fieldBits(int size) {
        return Math.max(2, 64 - Long.numberOfLeadingZeros(size + size / 2 + 1));
    }

    private SliceTable.LongKeys newCells() {
        return new SliceTable.LongKeys(-1, DataTypes.LongType, lean, losses.width(), 1 << keyBits);
    }

    boolean member(int slicing) {
        return shift[slicing] >= 0;
    }

    /** Whether a member's slot fits its field of the key. */
    boolean fits(int slicing, int slot) {
        return slot >>> bits[slicing] == 0;
    }

    /** The key so far with a member's slot (one that {@link #fits}) added. */
    long key(long key, int slicing, int slot) {
        return key | (long) slot << shift[slicing];
    }

    /**
     * The cells of rows [from, to) into {@code out[from..to)}, from each member's slots of those rows
     * ({@code slots[member][from..to)}); false, with no cell made, when some slot outgrows its field.
     */
    boolean cells(int[][] slots, int from, int to, int[] out) {
        for (int s : members) {
            int[] m = slots[s];
            int limit = 1 << bits[s];
            for (int i = from; i < to; i++) {
                if (m[i] >= limit) {
                    return false;
                }
            }
        }
        int[] a = slots[members[0]];
        int[] b = slots[members[1]];
        int[] c = members.length > 2 ? slots[members[2]] : null;
        int sa = shift[members[0]];
        int sb = shift[members[1]];
        int sc = c == null ? 0 : shift[members[2]];
        for (int i = from; i < to; i++) {
            long key = (long) a[i] << sa | (long) b[i] << sb | (c == null ? 0 : (long) c[i] << sc);
            out[i] = cells.slot(key);
        }
        return true;
    }

    /** The cell of a key, created empty the first time. */
    int cell(long key) {
        return cells.slot(key);
    }

    double[] blocks() {
        return cells.blocks();
    }

    double[] cold(int cell) {
        return cells.cold(cell);
    }

    int[] members() {
        return members;
    }

    long bytes() {
        return cells.bytes();
    }

    /** Adds every cell into its slice of each member table; the combination is spent afterwards. */
    void fold(SliceTable[] tables) {
        SliceTable.LongKeys done = cells;
        cells = null;
        for (var it = done.slices(); it.hasNext(); ) {
            SliceTable.Slice cell = it.next();
            long key = (Long) cell.key()[0];
            for (int s : members) {
                SliceTable t = tables[s];
                int slot = (int) (key >>> shift[s] & ((1L << bits[s]) - 1));
                losses.mergeLean(t.blocks(), slot * lean, cell.blocks(), cell.base());
                if (cell.cold() != null) {
                    losses.merge(t.cold(slot), 0, cell.cold(), 0);
                }
            }
        }
    }
}
