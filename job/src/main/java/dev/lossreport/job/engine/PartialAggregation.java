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

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Stage one of the pass, per input partition: every row updates the state of its slice in every
 * slicing (the overall slice needs no lookup; a one-column slicing of numbers needs no key object),
 * and the partition emits one partial row per slice it saw. Rows are read as Spark internal rows,
 * never converted to external objects; every loss decides and computes a row once for all the
 * slices the row belongs to.
 *
 * <p>Memory is bounded: when a partition's slice states outgrow the state budget
 * ({@value #BUDGET_CONF}; by default an eighth of the executor's heap above Spark's reserved 300 MiB,
 * shared by its concurrent tasks, at least {@link #MIN_STATE_BUDGET} bytes), the
 * largest table either is emitted and started afresh (its slices repeat often, so partial states
 * still save shuffle bytes) or stops aggregating and passes its rows through to the merge stage
 * (a partial state would be bigger than the rows it sums). A row thus reaches each slice exactly
 * once, through a state or as itself.
 */
final class PartialAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    /** The Spark setting for the bytes of slice states one task may hold before it emits or passes rows through. */
    static final String BUDGET_CONF = "spark.lossreport.engine.stateBudget";
    static final long MIN_STATE_BUDGET = 64L << 20;
    private static final int CHECK_EVERY = 4096;

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
     * local run gets 237 MiB per task (100,000 slices of 20 losses), a 2 GiB driver 109 MiB.
     */
    static long defaultBudget() {
        long usable = Runtime.getRuntime().maxMemory() - (300L << 20);
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        int cores = Runtime.getRuntime().availableProcessors();
        int slots = Math.max(1, env == null ? cores : env.conf().getInt("spark.executor.cores", cores));
        return Math.max(MIN_STATE_BUDGET, usable / 8 / slots);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Partials(rows);
    }

    /** Streams the partition: pass-through rows as they come, then the partial states. */
    private final class Partials implements Iterator<InternalRow>, LossSet.ColdStates {
        private final Iterator<InternalRow> rows;
        private final LossSet losses = plan.losses();
        /** Slice states: a lean block per slice and a cold state for the few that need one ({@link LossSet#leanWidth}). */
        private final int lean = losses.leanWidth();
        private final double[] values = new double[losses.size()];
        private final List<PassPlan.Slicing> slicings = plan.slicings();
        private final int sliced = slicings.size();
        private final SliceTable[] tables = new SliceTable[sliced];
        private final UnsafeProjection[] passThrough = new UnsafeProjection[sliced];
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

        Partials(Iterator<InternalRow> rows) {
            this.rows = rows;
            for (int s = 1; s < sliced; s++) {
                tables[s] = newTable(s);
            }
            blocks[0] = overall;
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
            return k == 0 ? overallCold : tables[tableOf[k]].cold(slotOf[k]);
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
                if (rows.hasNext()) {
                    add(rows.next());
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
            int n = 1;
            for (int s = 1; s < sliced; s++) {
                if (passThrough[s] != null) {
                    pending.add(passThrough[s].apply(row));
                    c[PartitionCounts.PASSED_THROUGH]++;
                } else {
                    SliceTable t = tables[s];
                    int slot = t.slot(row);
                    blocks[n] = t.blocks();
                    bases[n] = slot * lean;
                    tableOf[n] = s;
                    slotOf[n] = slot;
                    n++;
                }
            }
            losses.updateLean(blocks, bases, n, examples, values, this);
            // Every row updates the overall state, so its invalid counts tell which losses refused it.
            refused.observe(overall, overallCold, row, examples);
            if (++matched % CHECK_EVERY == 0) {
                bound();
            }
        }

        /** Keeps the slice states within the budget: emit a table that still combines, pass the rest through. */
        private void bound() {
            long held = 0;
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
            SliceTable full = tables[largest];
            flushed.add(emit(largest, full));
            tables[largest] = newTable(largest);
            if ((double) full.size() / matched > breakEven) {
                passThrough[largest] = layout.passThrough(largest, slicings.get(largest).columns());
            }
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
            counts.add(new PartitionCounts.Entry(TaskContext.getPartitionId(), c));
            refused.flush();
            List<Iterator<InternalRow>> parts = new java.util.ArrayList<>();
            parts.add(Collections.singletonList(emitted(0, null, null, overall, 0, overallCold)).iterator());
            for (int s = 1; s < sliced; s++) {
                parts.add(emit(s, tables[s]));
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
