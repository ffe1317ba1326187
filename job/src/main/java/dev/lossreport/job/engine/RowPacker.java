package dev.lossreport.job.engine;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Packs passed-through rows: each unsafe row is appended to its bucket's buffer, and a full
 * buffer leaves as one shuffled row ({@link PartialLayout#pack}). Why: Spark's shuffle costs about as
 * much per row as per byte (the partition of each row, its serializer call, its checksum, the scan's
 * copy before the exchange), and at a million slices every input row is passed through; a pack of
 * some 500 rows pays that once. {@link #unpack} reads a pack back as the rows it holds, in order.
 * Buffers are bounded: a pack is {@value #BUDGET} bytes over the buckets, kept between
 * {@value #MIN_PACK} and {@value #MAX_PACK} bytes (a buffer grows by at most one row past it).
 */
final class RowPacker {
    static final int BUDGET = 8 << 20;
    static final int MIN_PACK = 4 << 10;
    static final int MAX_PACK = 64 << 10;

    private final PartialLayout layout;
    private final int packBytes;
    private final byte[][] buffers;
    private final int[] used;

    RowPacker(PartialLayout layout) {
        this.layout = layout;
        this.packBytes = Math.max(MIN_PACK, Math.min(MAX_PACK, BUDGET / layout.buckets()));
        this.buffers = new byte[layout.buckets()][];
        this.used = new int[layout.buckets()];
    }

    /** Appends a passed-through row ({@link PartialLayout#passThrough}); a pack that filled up goes to {@code out}. */
    void add(UnsafeRow u, Consumer<InternalRow> out) {
        int b = layout.bucket(u);
        int size = u.getSizeInBytes();
        byte[] buf = buffers[b];
        int need = used[b] + 4 + size;
        if (buf == null || need > buf.length) {
            buf = java.util.Arrays.copyOf(buf == null ? new byte[0] : buf, Math.max(need, Math.min(packBytes, 2 * need)));
            buffers[b] = buf;
        }
        Platform.putInt(buf, Platform.BYTE_ARRAY_OFFSET + used[b], size);
        u.writeToMemory(buf, Platform.BYTE_ARRAY_OFFSET + used[b] + 4);
        used[b] = need;
        if (need >= packBytes) {
            out.accept(layout.pack(b, java.util.Arrays.copyOf(buf, need)));
            used[b] = 0;
        }
    }

    /** The packs of the rows still buffered; the buffers are empty afterwards. */
    List<InternalRow> rest() {
        List<InternalRow> packs = new ArrayList<>();
        for (int b = 0; b < buffers.length; b++) {
            if (used[b] > 0) {
                packs.add(layout.pack(b, java.util.Arrays.copyOf(buffers[b], used[b])));
                used[b] = 0;
            }
            buffers[b] = null;
        }
        return packs;
    }

    /** The rows of a pack, in the order they were added; each row is valid until the next one is read. */
    static Iterator<InternalRow> unpack(byte[] packed, int numFields) {
        UnsafeRow row = new UnsafeRow(numFields);
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < packed.length;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                int size = Platform.getInt(packed, Platform.BYTE_ARRAY_OFFSET + at);
                row.pointTo(packed, Platform.BYTE_ARRAY_OFFSET + at + 4, size);
                at += 4 + size;
                return row;
            }
        };
    }
}
