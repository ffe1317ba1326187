package dev.lossreport.job.engine;

import dev.lossreport.job.input.InputReader;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossSet;
import dev.lossreport.spark.InternalValues;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Stage one of the pass, per input partition: every row updates the state of its slice in every
 * slicing (a one-column slicing of numbers needs no key object), and the partition emits one
 * partial row per slice it saw. The overall slice has no state here unless it is the only slice:
 * the merge sums it from the first slicing's finished slices ({@link MergeAggregation}), since every
 * row is in exactly one of them. Rows are read as Spark
 * internal rows, never converted to external objects; every loss decides and computes a row once
 * for all the slices the row belongs to. A slice's state is a lean block
 * ({@link LossSet#leanWidth}) and, only after a row some mean loss did not count, a cold state.
 * After the first {@value #CHECK_EVERY} rows, up to three small slicings (at most 1,024 combinations
 * of their slices seen) are updated through one cell of their combination per row
 * ({@link CombinedSlicings}), added into their slices before those are emitted. Column batches
 * ({@link #overBatches}) have their slots found column by column first.
 *
 * <p>Memory is bounded: when a partition's slice states outgrow the state budget
 * ({@value #BUDGET_CONF}; by default an eighth of the executor's heap above Spark's reserved 300 MiB,
 * shared by its concurrent tasks, at least {@link #MIN_STATE_BUDGET} bytes), the
 * largest table either is emitted and started afresh (its slices repeat often, so partial states
 * still save shuffle bytes) or stops aggregating and passes its rows through to the merge stage
 * (a partial state would be bigger than the rows it sums). After {@value #FORECAST_AFTER} rows a
 * slicing whose table is forecast to reach that point passes its rows through at once. A row thus
 * reaches each slice exactly once, through a state or as itself.
 */
final class PartialAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    /** The Spark setting for the bytes of slice states one task may hold before it emits or passes rows through. */
    static final String BUDGET_CONF = "spark.lossreport.engine.stateBudget";
    static final long MIN_STATE_BUDGET = 64L << 20;
    static final int CHECK_EVERY = 4096;
    /** Rows after which stage one forecasts whether a slicing's partial states will pay (a multiple of CHECK_EVERY). */
    static final long FORECAST_AFTER = 16 * CHECK_EVERY;

    private final PassPlan plan;
    private final PartitionCounts counts;
    private final InvalidRows invalid;
    private final PartialLayout layout;
    private final long budget;

    PartialAggregation(PassPlan plan, PartitionCounts counts, InvalidRows invalid, PartialLayout layout, long budget) {
        this.plan = plan;
        this.counts = counts;
        this.invalid = invalid;
        this.layout = layout;
        this.budget = budget;
    }

    /**
     * The default budget of one task: an eighth of the heap Spark leaves to user code and execution
     * (the heap above its reserved 300 MiB), shared by the tasks that run at once in this JVM. A 4 GiB
     * local run gets 237 MiB per task (about 524,000 slices of 20 losses, as a table's array
     * doubles), a 2 GiB driver 109 MiB (about 131,000).
     */
    static long defaultBudget() {
        long usable = Runtime.getRuntime().maxMemory() - (300L << 20);
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        int cores = Runtime.getRuntime().availableProcessors();
        int slots = Math.max(1, env == null ? cores : env.conf().getInt("spark.executor.cores", cores));
        return Math.max(MIN_STATE_BUDGET, usable / 8 / slots);
    }

    /**
     * The number of slices G that n rows falling uniformly on them would show d of:
     * d = G (1 - exp(-n / G)), solved by bisection; infinite when every row had a slice of its own.
     */
    static double estimatedSlices(long d, long n) {
        if (d >= n) {
            return Double.POSITIVE_INFINITY;
        }
        double lo = d;
        double hi = d;
        while (hi * -Math.expm1(-n / hi) < d) {
            hi *= 2;
        }
        for (int i = 0; i < 60; i++) {
            double g = (lo + hi) / 2;
            if (g * -Math.expm1(-n / g) < d) {
                lo = g;
            } else {
                hi = g;
            }
        }
        return hi;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Partials(rows, null);
    }

    /**
     * The same aggregation over column batches of the prepared columns ({@link ColumnarInput}): the
     * slots of a batch's rows are found column by column before its rows update them.
     */
    FlatMapFunction<Iterator<ColumnarBatch>, InternalRow> overBatches() {
        return batches -> new Partials(null, batches);
    }

    /** Streams the partition: pass-through rows as they come, then the partial states. */
    private final class Partials implements Iterator<InternalRow>, LossSet.ColdStates {
        private final Iterator<InternalRow> rows;
        private final Iterator<ColumnarBatch> batches;
        /** The current batch (batch input only), the index of the row being added and its row count. */
        private ColumnarBatch batch;
        private int at;
        private int batchRows;
        /** The current batch's rows [0, slotted) have their slots found. */
        private int slotted;
        /** Per slicing, the slots of the current batch's rows (their cells' in the combination's buffer). */
        private final int[][] slotBuffers;
        private int[] cellSlots;
        /**
         * Batch input: the slices a row of the current chunk updates are the same {@code targets}, the
         * k-th at {@code targetSlots[k][row]} of {@code blocks[k]} (fixed for the chunk, since every slot
         * of the chunk exists before its first row is added).
         */
        private final int[][] targetSlots;
        private int targets;
        private final int[] overallSlots = new int[0];
        /** Some slicing passes its rows through (batch input, per chunk). */
        private boolean passing;
        private final LossSet losses = plan.losses();
        /** Slice states: a lean block per slice and a cold state for the few that need one ({@link LossSet#leanWidth}). */
        private final int lean = losses.leanWidth();
        private final double[] values = new double[losses.size()];
        private final List<PassPlan.Slicing> slicings = plan.slicings();
        private final int sliced = slicings.size();
        private final SliceTable[] tables = new SliceTable[sliced];
        private final UnsafeProjection[] passThrough = new UnsafeProjection[sliced];
        /** Packs the passed-through rows; made when a slicing first passes its rows through. */
        private RowPacker packer;
        private final double[] overall = new double[lean];
        private final double[] overallCold = new double[losses.width()];
        /** Per slice a row updates: its lean block's array and start, and (for the cold states) its table and slot. */
        private final double[][] blocks = new double[sliced][];
        private final int[] bases = new int[sliced];
        private final int[] tableOf = new int[sliced];
        private final int[] slotOf = new int[sliced];
        private final InternalValues[] readers;
        private final Example[] examples;
        private final int side = plan.sideOrdinal();
        private final long[] c = new long[PartitionCounts.INPUT_WIDTH];
        private final InvalidRows.Tally refused = invalid.tally(plan);
        private final long limit = budget >= 0 ? budget : defaultBudget();
        private final double breakEven;
        private final ArrayDeque<InternalRow> pending = new ArrayDeque<>();
        private final ArrayDeque<Iterator<InternalRow>> flushed = new ArrayDeque<>();
        private Iterator<InternalRow> tail;
        private long matched;
        /** Rows update the overall slice's state here only when it is the only slice (no slicing). */
        private final boolean overallOnly;
        /** The small slicings whose rows update one cell of their combination, chosen at a check; or null. */
        private CombinedSlicings combined;
        /** Per slicing, the row's slot in a combined slicing (for a row whose cell key outgrew its fields). */
        private final int[] memberSlots;
        /** A row found a member's slot too large for the cells' key (or the cells grew): no combination from then on. */
        private boolean outgrown;

        Partials(Iterator<InternalRow> rows, Iterator<ColumnarBatch> batches) {
            this.rows = rows;
            this.batches = batches;
            memberSlots = new int[sliced];
            slotBuffers = new int[sliced][];
            targetSlots = new int[sliced + 1][];
            for (int s = 1; s < sliced; s++) {
                tables[s] = newTable(s);
            }
            overallOnly = sliced == 1;
            List<PassPlan.Binding> bindings = plan.bindings();
            readers = new InternalValues[bindings.size()];
            examples = new Example[bindings.size()];
            for (int b = 0; b < readers.length; b++) {
                readers[b] = bindings.get(b).reader();
                examples[b] = readers[b].newExample();
            }
            breakEven = (double) rowBytes() / (8L * lean + 8L * (plan.groupColumns().size() + 2));
        }

        private SliceTable newTable(int slicing) {
            return SliceTable.of(plan, slicings.get(slicing).columns(), lean, losses.width(), 0);
        }

        /** A rough size of a passed-through row, to compare with a partial state. */
        private long rowBytes() {
            long bytes = 8L * (plan.groupColumns().size() + 2);
            for (var f : layout.schema().fields()) {
                DataType t = f.dataType();
                if (f.name().startsWith("__in")) {
                    bytes += t instanceof ArrayType ? 8 * 16 + 16 : 8;
                }
            }
            return bytes;
        }

        @Override
        public double[] cold(int k) {
            return tableOf[k] == 0 ? overallCold : tableOf[k] < 0 ? combined.cold(slotOf[k]) : tables[tableOf[k]].cold(slotOf[k]);
        }

        @Override
        public boolean hasNext() {
            while (true) {
                if (!pending.isEmpty()) {
                    return true;
                }
                while (!flushed.isEmpty()) {
                    if (flushed.peek().hasNext()) {
                        return true;
                    }
                    flushed.poll();
                }
                if (tail != null) {
                    return tail.hasNext();
                }
                InternalRow row = nextInput();
                if (row != null) {
                    add(row);
                } else {
                    finish();
                }
            }
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            if (!flushed.isEmpty()) {
                return flushed.peek().next();
            }
            return tail.next();
        }

        /** The next input row, or null after the last; a batch's rows are views reused across calls. */
        private InternalRow nextInput() {
            if (batches == null) {
                return rows.hasNext() ? rows.next() : null;
            }
            while (batch == null || at + 1 >= batchRows) {
                if (!batches.hasNext()) {
                    return null;
                }
                batch = batches.next();
                batchRows = batch.numRows();
                at = -1;
                slotted = 0;
            }
            at++;
            if (at >= slotted) {
                findSlots();
            }
            return batch.getRow(at);
        }

        /**
         * The slots of the batch's rows from the current one up to the next budget check (where a table
         * may be emitted or passed through), and the chunk's targets: no slot is made in a table for a
         * row that will not reach it. A combined member whose slot outgrows its field in the chunk ends
         * the combination before any of the chunk's rows reach it.
         */
        private void findSlots() {
            int to = (int) Math.min(batchRows, at + (CHECK_EVERY - matched % CHECK_EVERY));
            for (int s = 1; s < sliced; s++) {
                if (passThrough[s] != null) {
                    continue;
                }
                if (slotBuffers[s] == null || slotBuffers[s].length < batchRows) {
                    slotBuffers[s] = new int[Math.max(batchRows, 4096)];
                }
                tables[s].slots(batch, at, to, slotBuffers[s]);
            }
            if (combined != null) {
                if (cellSlots == null || cellSlots.length < batchRows) {
                    cellSlots = new int[Math.max(batchRows, 4096)];
                }
                if (!combined.cells(slotBuffers, at, to, cellSlots)) {
                    outgrown = true;
                    dissolve();
                }
            }
            int n = 0;
            if (overallOnly) {
                n = target(n, overall, 0, overallSlots);
            }
            passing = false;
            for (int s = 1; s < sliced; s++) {
                passing |= passThrough[s] != null;
                if (passThrough[s] == null && (combined == null || !combined.member(s))) {
                    n = target(n, tables[s].blocks(), s, slotBuffers[s]);
                }
            }
            if (combined != null) {
                n = target(n, combined.blocks(), -1, cellSlots);
            }
            targets = n;
            slotted = to;
        }

        private int target(int k, double[] block, int table, int[] slots) {
            blocks[k] = block;
            tableOf[k] = table;
            targetSlots[k] = slots;
            bases[k] = 0;
            slotOf[k] = 0;
            return k + 1;
        }

        private void add(InternalRow row) {
            c[PartitionCounts.ROWS]++;
            if (side >= 0) {
                int where = row.getInt(side);
                if (where != InputReader.MATCHED) {
                    c[where == InputReader.PREDICTION_ONLY ? PartitionCounts.PREDICTION_ONLY : PartitionCounts.LABELS_ONLY]++;
                    return;
                }
                c[PartitionCounts.MATCHED]++;
            }
            for (int b = 0; b < readers.length; b++) {
                readers[b].fill(examples[b], row);
            }
            int n = batch != null ? batchTargets(row) : rowTargets(row);
            // A row every slicing passes through updates no state here; only its refusals are tallied here.
            if (n > 0 ? losses.updateLean(blocks, bases, n, examples, values, this) : losses.refuses(examples)) {
                refused.observe(row, examples);
            }
            if (++matched % CHECK_EVERY == 0) {
                bound();
            }
        }

        /** The batch row's slots in the chunk's targets. */
        private int batchTargets(InternalRow row) {
            for (int s = 1; passing && s < sliced; s++) {
                if (passThrough[s] != null) {
                    packer.add(passThrough[s].apply(row), pending::add);
                    c[PartitionCounts.PASSED_THROUGH]++;
                }
            }
            for (int k = 0; k < targets; k++) {
                int[] slots = targetSlots[k];
                int slot = slots.length == 0 ? 0 : slots[at];
                bases[k] = slot * lean;
                slotOf[k] = slot;
            }
            return targets;
        }

        /** The slices a row updates (blocks, bases, tables and slots), its slicing's slot found from the row itself. */
        private int rowTargets(InternalRow row) {
            int n = 0;
            if (overallOnly) {
                blocks[0] = overall;
                bases[0] = 0;
                tableOf[0] = 0;
                n = 1;
            }
            long cellKey = 0;
            boolean fits = true;
            for (int s = 1; s < sliced; s++) {
                if (passThrough[s] != null) {
                    packer.add(passThrough[s].apply(row), pending::add);
                    c[PartitionCounts.PASSED_THROUGH]++;
                } else {
                    SliceTable t = tables[s];
                    int slot = t.slot(row);
                    if (combined != null && combined.member(s)) {
                        fits &= combined.fits(s, slot);
                        cellKey = combined.key(cellKey, s, slot);
                        memberSlots[s] = slot;
                        continue;
                    }
                    blocks[n] = t.blocks();
                    bases[n] = slot * lean;
                    tableOf[n] = s;
                    slotOf[n] = slot;
                    n++;
                }
            }
            if (combined != null) {
                n = combinedTargets(n, cellKey, fits);
            }
            return n;
        }

        /**
         * Adds the row's cell as its target for the combined slicings; or, when a member's slot outgrew
         * its field of the key, the member slices themselves (and the combination ends at the next check).
         */
        private int combinedTargets(int n, long cellKey, boolean fits) {
            if (fits) {
                int cell = combined.cell(cellKey);
                blocks[n] = combined.blocks();
                bases[n] = cell * lean;
                tableOf[n] = -1;
                slotOf[n] = cell;
                return n + 1;
            }
            outgrown = true;
            int[] m = combined.members();
            for (int s : m) {
                blocks[n] = tables[s].blocks();
                bases[n] = memberSlots[s] * lean;
                tableOf[n] = s;
                slotOf[n] = memberSlots[s];
                n++;
            }
            return n;
        }

        /** Keeps the slice states within the budget: emit a table that still combines, pass the rest through. */
        private void bound() {
            if (matched == FORECAST_AFTER) {
                forecast();
            }
            if (combined == null && !outgrown) {
                // After the first rows, or again after a member's table was emitted.
                boolean[] aggregating = new boolean[sliced];
                for (int s = 1; s < sliced; s++) {
                    aggregating[s] = passThrough[s] == null;
                }
                combined = CombinedSlicings.choose(tables, aggregating, losses);
            } else if (combined != null && (outgrown || combined.bytes() > (16L << 20))) {
                // A member grew beyond its field, or the cells grew (a slicing small in the first rows may not be).
                outgrown = true;
                dissolve();
            }
            long held = combined == null ? 0 : combined.bytes();
            int largest = -1;
            for (int s = 1; s < sliced; s++) {
                if (passThrough[s] == null) {
                    held += tables[s].bytes();
                    if (largest < 0 || tables[s].bytes() > tables[largest].bytes()) {
                        largest = s;
                    }
                }
            }
            if (largest < 0 || held <= limit) {
                return;
            }
            flush(largest, (double) tables[largest].size() / matched > breakEven);
        }

        /**
         * After the first {@value #FORECAST_AFTER} rows, passes a slicing through at once when its
         * table would fill the budget while too few rows share a slice for partial states to pay
         * (what {@link #bound} would find then, minus the table it would have built and shuffled in
         * vain). The slicing's number of slices is estimated from the slices seen so far as if rows
         * fell on them uniformly (d = G (1 - exp(-n / G))); skew makes that an underestimate, which
         * only leaves the decision to {@link #bound}.
         */
        private void forecast() {
            for (int s = 1; s < sliced; s++) {
                SliceTable t = tables[s];
                if (passThrough[s] != null || t.size() == 0) {
                    continue;
                }
                double slices = estimatedSlices(t.size(), matched);
                double fits = (double) limit / t.bytes() * t.size();
                if (slices <= fits) {
                    continue;
                }
                double rowsAtLimit = -slices * Math.log1p(-fits / slices);
                if (Double.isInfinite(slices) || fits / rowsAtLimit > breakEven) {
                    flush(s, true);
                }
            }
        }

        /** Emits a table in place of a new one; from then on, when {@code passing}, its rows are passed through. */
        private void flush(int slicing, boolean passing) {
            if (combined != null && combined.member(slicing)) {
                dissolve();
            }
            flushed.add(emit(slicing, tables[slicing]));
            tables[slicing] = newTable(slicing);
            if (passing) {
                if (packer == null) {
                    packer = new RowPacker(layout);
                }
                passThrough[slicing] = layout.passThrough(slicing, slicings.get(slicing).columns());
            }
        }

        /** Adds the cells into their members' slices; from here on every slicing updates its own slices. */
        private void dissolve() {
            combined.fold(tables);
            combined = null;
        }

        private Iterator<InternalRow> emit(int slicing, SliceTable table) {
            int[] cols = slicings.get(slicing).columns();
            Iterator<SliceTable.Slice> it = table.slices();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public InternalRow next() {
                    SliceTable.Slice s = it.next();
                    return emitted(slicing, cols, s.key(), s.blocks(), s.base(), s.cold());
                }
            };
        }

        /** The partial row of a slice: its lean block, followed by its cold state when it has one. */
        private InternalRow emitted(int slicing, int[] cols, Object[] key, double[] blocks, int base, double[] cold) {
            double[] state = new double[cold == null ? lean : lean + cold.length];
            System.arraycopy(blocks, base, state, 0, lean);
            if (cold != null) {
                System.arraycopy(cold, 0, state, lean, cold.length);
            }
            return layout.state(slicing, cols, key, state);
        }

        private void finish() {
            counts.put(TaskContext.getPartitionId(), c);
            refused.flush();
            if (combined != null) {
                dissolve();
            }
            List<Iterator<InternalRow>> parts = new java.util.ArrayList<>();
            if (overallOnly) {
                parts.add(Collections.singletonList(emitted(0, null, null, overall, 0, overallCold)).iterator());
            }
            for (int s = 1; s < sliced; s++) {
                parts.add(emit(s, tables[s]));
            }
            if (packer != null) {
                parts.add(packer.rest().iterator());
            }
            Iterator<Iterator<InternalRow>> all = parts.iterator();
            tail = new Iterator<>() {
                private Iterator<InternalRow> current = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && all.hasNext()) {
                        current = all.next();
                    }
                    return current.hasNext();
                }

                @Override
                public InternalRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return current.next();
                }
            };
        }
    }
}
