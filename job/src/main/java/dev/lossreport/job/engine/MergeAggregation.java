package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossSet;
import dev.lossreport.spark.InternalValues;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * Stage two of the pass, after partial rows are shuffled by (slicing, group values): merges the
 * partial states of each slice with the losses' own merge (compensated sums, Chan's moments), adds
 * the rows that stage one passed through (unpacked from their packs, {@link RowPacker}) as stage one
 * would, then finishes every slice into report
 * rows, one per (slice, loss) or per output, streamed out slice by slice.
 *
 * <p>The overall slice is not finished here: each task reports its part of it ({@link OverallParts}),
 * the overall partial states it received plus its finished slices of the first slicing (every row
 * is in exactly one of those, so stage one keeps no overall state of its own), and the driver adds
 * the parts up and finishes them ({@link #overallRows}).
 */
final class MergeAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private final PassPlan plan;
    private final PartitionCounts reportRows;
    private final OverallParts overall;
    private final PartialLayout layout;

    MergeAggregation(PassPlan plan, PartitionCounts reportRows, OverallParts overall, PartialLayout layout) {
        this.plan = plan;
        this.reportRows = reportRows;
        this.overall = overall;
        this.layout = layout;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> partials) {
        Merger merger = new Merger();
        int packedAt = layout.packedOrdinal();
        int fields = layout.passedFields();
        while (partials.hasNext()) {
            InternalRow row = partials.next();
            if (row.isNullAt(packedAt)) {
                merger.merge(row);
                continue;
            }
            for (var it = RowPacker.unpack(row.getBinary(packedAt), fields); it.hasNext(); ) {
                merger.add(it.next());
            }
        }
        int partition = TaskContext.getPartitionId();
        overall.put(partition, merger.overallPart());
        return new Report(plan, merger.tables, 1, emitted -> reportRows.put(partition, new long[]{emitted}));
    }

    /**
     * The overall slice's report rows from the sum of the merge tasks' parts ({@link OverallParts#sum}):
     * on the driver, once the merge has run.
     */
    static List<InternalRow> overallRows(PassPlan plan, double[] part) {
        LossSet losses = plan.losses();
        int lean = losses.leanWidth();
        SliceTable table = SliceTable.of(plan, new int[0], lean, losses.width(), 0);
        int slot = table.slot(new GenericInternalRow(0));
        System.arraycopy(part, 0, table.blocks(), slot * lean, lean);
        System.arraycopy(part, lean, table.cold(slot), 0, losses.width());
        List<InternalRow> rows = new ArrayList<>();
        new Report(plan, new SliceTable[]{table}, 0, emitted -> { }).forEachRemaining(r -> rows.add(r.copy()));
        return rows;
    }

    /** The slice tables of one merge task, and adding a partial state or a passed-through row to them. */
    private final class Merger {
        private final LossSet losses = plan.losses();
        private final int lean = losses.leanWidth();
        private final int stateAt = layout.stateOrdinal();
        private final SliceTable[] tables;
        private final InternalValues[] readers;
        private final Example[] examples;
        private final double[] scratch = new double[lean + losses.width()];
        private final double[] values = new double[losses.size()];
        // A passed-through row belongs to one slice here.
        private final double[][] block = new double[1][];
        private final int[] base = new int[1];
        private SliceTable table;
        private int slot;
        private final LossSet.ColdStates cold = k -> table.cold(slot);

        Merger() {
            List<PassPlan.Slicing> slicings = plan.slicings();
            // Slicing 0, the overall slice, is a table with one slot like the others.
            tables = new SliceTable[slicings.size()];
            for (int s = 0; s < tables.length; s++) {
                tables[s] = SliceTable.of(plan, slicings.get(s).columns(), lean, losses.width(), 1);
            }
            readers = new InternalValues[plan.bindings().size()];
            examples = new Example[readers.length];
            for (int b = 0; b < readers.length; b++) {
                readers[b] = plan.bindings().get(b).reader().shifted(PartialLayout.PASSED_SHIFT);
                examples[b] = readers[b].newExample();
            }
        }

        /**
         * This task's part of the overall slice, a lean block followed by a cold state: the overall
         * partial states it merged (stage one's when there is no slicing, the quantile stage's order
         * statistics) and, rolled up ({@link LossSet#rollUpLean}), its slices of the first slicing.
         */
        double[] overallPart() {
            double[] part = new double[lean + losses.width()];
            for (int s = 0; s < Math.min(2, tables.length); s++) {
                for (var it = tables[s].slices(); it.hasNext(); ) {
                    SliceTable.Slice slice = it.next();
                    if (s == 0) {
                        losses.mergeLean(part, 0, slice.blocks(), slice.base());
                    } else {
                        losses.rollUpLean(part, 0, slice.blocks(), slice.base());
                    }
                    if (slice.cold() != null) {
                        losses.merge(part, lean, slice.cold(), 0);
                    }
                }
            }
            return part;
        }

        /** Adds a passed-through row ({@link PartialLayout#passThrough}) to its slice, as stage one would. */
        void add(InternalRow row) {
            SliceTable t = tables[row.getInt(0)];
            int into = t.slot(row);
            for (int b = 0; b < readers.length; b++) {
                readers[b].fill(examples[b], row);
            }
            block[0] = t.blocks();
            base[0] = into * lean;
            table = t;
            slot = into;
            losses.updateLean(block, base, 1, examples, values, cold);
        }

        /** Merges a partial state row into its slice. */
        void merge(InternalRow row) {
            SliceTable t = tables[row.getInt(0)];
            int into = t.slot(row);
            double[] blocks = t.blocks();
            ArrayData a = row.getArray(stateAt);
            int n = a.numElements();
            for (int i = 0; i < n; i++) {
                scratch[i] = a.getDouble(i);
            }
            losses.mergeLean(blocks, into * lean, scratch, 0);
            if (n > lean) {
                losses.merge(t.cold(into), 0, scratch, lean);
            }
        }
    }

    /**
     * The finished report rows of the slices of tables {@code first..}, produced one slice at a time
     * into one reused typed row: Spark's scan of this RDD copies each row into its own unsafe row
     * before asking for the next, so no row object (or boxed number) is allocated per report row.
     */
    private static final class Report implements Iterator<InternalRow> {
        private final PassPlan plan;
        private final LossSet losses;
        private final int groups;
        private final UTF8String[] slices;
        private final UTF8String[] specs;
        private final UTF8String[] predictions;
        private final UTF8String[] labels;
        private final SliceTable[] tables;
        private final SpecificInternalRow row;
        /** Told the number of rows emitted, after the last. */
        private final LongConsumer done;
        private int slicing;
        private Iterator<SliceTable.Slice> current;
        // The slice being emitted: its standard state and the next (loss, report row) of it.
        private double[] state;
        private int loss;
        private List<Loss.ReportRow> rows = List.of();
        private int next;
        /** Per loss: whether it gives one report row per slice (Loss.report not overridden), written without a list. */
        private final boolean[] single;
        /** The one report row of loss - 1 is due. */
        private boolean ready;
        private final double[] standard;
        private long emitted;
        private boolean counted;

        Report(PassPlan plan, SliceTable[] tables, int first, LongConsumer done) {
            this.plan = plan;
            this.losses = plan.losses();
            this.groups = plan.groupColumns().size();
            this.tables = tables;
            this.slicing = first;
            this.done = done;
            this.row = new SpecificInternalRow(FusedPass.reportSchema(plan));
            slices = plan.slicings().stream().map(s -> UTF8String.fromString(s.name())).toArray(UTF8String[]::new);
            specs = new UTF8String[losses.size()];
            predictions = new UTF8String[losses.size()];
            labels = new UTF8String[losses.size()];
            for (int i = 0; i < specs.length; i++) {
                specs[i] = UTF8String.fromString(losses.loss(i).spec());
                PassPlan.Binding b = plan.bindings().get(losses.inputOf(i));
                predictions[i] = UTF8String.fromString(b.prediction());
                labels[i] = b.label() == null ? null : UTF8String.fromString(b.label());
            }
            loss = losses.size();
            single = new boolean[losses.size()];
            for (int i = 0; i < single.length; i++) {
                try {
                    single[i] = losses.loss(i).getClass().getMethod("report", double[].class, int.class).getDeclaringClass() == Loss.class;
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException(e);
                }
            }
            standard = new double[losses.width()];
        }

        @Override
        public boolean hasNext() {
            while (!ready && next >= rows.size()) {
                if (state != null && loss < losses.size()) {
                    if (single[loss]) {
                        ready = true;
                    } else {
                        rows = losses.loss(loss).report(state, losses.offset(loss));
                        next = 0;
                    }
                    loss++;
                    continue;
                }
                while ((current == null || !current.hasNext()) && slicing < tables.length) {
                    current = tables[slicing++].slices();
                }
                if (current == null || !current.hasNext()) {
                    if (!counted) {
                        counted = true;
                        done.accept(emitted);
                    }
                    return false;
                }
                startSlice(slicing - 1, current.next());
            }
            return true;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int i = loss - 1;
            row.update(groups + 1, specs[i]);
            row.update(groups + 2, predictions[i]);
            row.update(groups + 3, labels[i]);
            emitted++;
            if (ready) {
                // Loss.report's one row, without its list, record and boxes.
                ready = false;
                int o = losses.offset(i);
                row.setNullAt(groups + 4);
                Double v = losses.loss(i).value(state, o);
                if (v == null) {
                    row.setNullAt(groups + 5);
                } else {
                    row.setDouble(groups + 5, v);
                }
                row.setLong(groups + 6, Loss.rows(state, o));
                row.setDouble(groups + 7, Loss.weightSum(state, o));
                row.setLong(groups + 8, Loss.invalidRows(state, o));
                row.setLong(groups + 9, Loss.maskedRows(state, o));
                return row;
            }
            Loss.ReportRow r = rows.get(next++);
            if (r.output() == null) {
                row.setNullAt(groups + 4);
            } else {
                row.setInt(groups + 4, r.output());
            }
            if (r.value() == null) {
                row.setNullAt(groups + 5);
            } else {
                row.setDouble(groups + 5, r.value());
            }
            row.setLong(groups + 6, r.rows());
            row.setDouble(groups + 7, r.weightSum());
            row.setLong(groups + 8, r.invalidRows());
            row.setLong(groups + 9, r.maskedRows());
            return row;
        }

        /** Sets the slice's columns of the row (the group columns of other slicings are null). */
        private void startSlice(int s, SliceTable.Slice slice) {
            state = losses.standard(slice.blocks(), slice.base(), slice.cold(), standard);
            loss = 0;
            row.update(0, slices[s]);
            int[] columns = plan.slicings().get(s).columns();
            for (int j = 0; j < groups; j++) {
                row.setNullAt(1 + j);
            }
            Object[] key = slice.key();
            for (int j = 0; j < columns.length; j++) {
                if (key[j] == null) {
                    row.setNullAt(1 + columns[j]);
                } else {
                    row.update(1 + columns[j], key[j]);
                }
            }
        }
    }
}
