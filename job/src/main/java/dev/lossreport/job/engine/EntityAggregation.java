package dev.lossreport.job.engine;

import dev.lossreport.job.input.InputReader;
import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.EntityRows;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.util.CollectionAccumulator;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Per partition of rows sorted by (entity key, order id descending): reads one entity at a time and
 * emits its row of the entity table (see {@link EntityStage}). Lazy, so a partition with millions
 * of entities holds one entity at a time. Rows of an entity must have distinct, non-null order ids
 * (item or replicate ids); an entity that repeats one does not count for any loss.
 */
final class EntityAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    /** Problem samples sent to the driver per partition and kind of problem. */
    private static final int SAMPLES = 3;

    private final EntityStage.Layout layout;
    private final EntityLoss[] losses;
    private final int[] inputOf;
    private final PartitionCounts counts;
    private final CollectionAccumulator<String> samples;

    EntityAggregation(EntityStage.Layout layout, EntityLoss[] losses, int[] inputOf, PartitionCounts counts,
                      CollectionAccumulator<String> samples) {
        this.layout = layout;
        this.losses = losses;
        this.inputOf = inputOf;
        this.counts = counts;
        this.samples = samples;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Entities(rows);
    }

    private static UnsafeProjection projection(int[] ordinals, List<DataType> types) {
        List<Expression> refs = new java.util.ArrayList<>();
        for (int i = 0; i < ordinals.length; i++) {
            refs.add(new BoundReference(ordinals[i], types.get(i), true));
        }
        return UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(refs).toSeq());
    }

    private final class Entities implements Iterator<InternalRow> {
        private final Iterator<InternalRow> rows;
        private final UnsafeProjection keyOf;
        private final UnsafeProjection orderOf;
        private final UnsafeProjection[] groupOf;
        private final EntityRows[] values;
        private final long[] c = new long[EntityStage.WIDTH];
        private final int[] sampled = new int[EntityStage.WIDTH];
        private final int groups;
        private final int weighted;

        private InternalRow lookahead;
        private boolean started;
        private boolean reported;

        // The entity being read.
        private UnsafeRow current;
        private long size;
        private boolean repeated;
        private boolean labelled;
        private boolean groupVaries;
        private boolean weightVaries;
        private UnsafeRow previousOrder;
        private final UnsafeRow[] groupValue;
        private final double[] weight;
        private final boolean[] weightSeen;

        Entities(Iterator<InternalRow> rows) {
            this.rows = rows;
            this.keyOf = projection(layout.keyOrdinals(), layout.keyTypes());
            this.orderOf = projection(new int[]{layout.orderOrdinal()}, List.of(layout.orderType()));
            this.groups = layout.groupTypes().size();
            this.groupOf = new UnsafeProjection[groups];
            for (int g = 0; g < groups; g++) {
                groupOf[g] = projection(new int[]{g}, List.of(layout.groupTypes().get(g)));
            }
            int bindings = layout.bindings().size();
            this.values = new EntityRows[bindings];
            for (int b = 0; b < bindings; b++) {
                values[b] = new EntityRows();
            }
            this.weighted = (int) layout.bindings().stream().filter(b -> b.weight() >= 0).count();
            this.groupValue = new UnsafeRow[groups];
            this.weight = new double[bindings];
            this.weightSeen = new boolean[bindings];
        }

        @Override
        public boolean hasNext() {
            if (!started) {
                started = true;
                if (rows.hasNext()) {
                    lookahead = rows.next().copy();
                }
            }
            if (lookahead == null && !reported) {
                reported = true;
                counts.put(TaskContext.getPartitionId(), c);
            }
            return lookahead != null;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InternalRow first = lookahead;
            lookahead = null;
            UnsafeRow key = keyOf.apply(first).copy();
            current = key;
            begin();
            add(first);
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                if (!keyOf.apply(row).equals(key)) {
                    lookahead = row.copy();
                    break;
                }
                add(row);
            }
            return finish(key);
        }

        private void begin() {
            size = 0;
            repeated = false;
            labelled = false;
            groupVaries = false;
            weightVaries = false;
            previousOrder = null;
            java.util.Arrays.fill(groupValue, null);
            java.util.Arrays.fill(weightSeen, false);
            for (EntityRows v : values) {
                v.clear();
            }
        }

        private void add(InternalRow row) {
            c[PartitionCounts.ROWS]++;
            int side = layout.side();
            if (side >= 0) {
                int where = row.getInt(side);
                c[where == InputReader.MATCHED ? PartitionCounts.MATCHED
                        : where == InputReader.PREDICTION_ONLY ? PartitionCounts.PREDICTION_ONLY : PartitionCounts.LABELS_ONLY]++;
            }
            // Order ids arrive sorted, so a repeated id is next to its twin.
            UnsafeRow order = orderOf.apply(row);
            if (order.isNullAt(0) || (previousOrder != null && order.equals(previousOrder))) {
                repeated = true;
            }
            if (previousOrder == null) {
                previousOrder = order.copy();
            } else {
                previousOrder.copyFrom(order);
            }
            for (int g = 0; g < groups; g++) {
                UnsafeRow v = groupOf[g].apply(row);
                if (v.isNullAt(0)) {
                    continue;
                }
                if (groupValue[g] == null) {
                    groupValue[g] = v.copy();
                } else if (!groupVaries && !v.equals(groupValue[g])) {
                    groupVaries = true;
                    if (sampled[EntityStage.GROUP_VARIES]++ < SAMPLES) {
                        sample(EntityStage.GROUP_VARIES, "group_by column '" + layout.groupNames().get(g) + "' is not constant within "
                                + describe(current) + " (values " + show(groupValue[g], g) + " and " + show(v, g) + ")");
                    }
                }
            }
            List<EntityStage.Binding> bindings = layout.bindings();
            size++;
            boolean keep = size <= layout.maxRows();
            for (int b = 0; b < values.length; b++) {
                EntityStage.Binding in = bindings.get(b);
                if (in.weight() >= 0 && !row.isNullAt(in.weight())) {
                    double w = row.getDouble(in.weight());
                    if (!weightSeen[b]) {
                        weight[b] = w;
                        weightSeen[b] = true;
                    } else if (w != weight[b] && !(Double.isNaN(w) && Double.isNaN(weight[b])) && !weightVaries) {
                        weightVaries = true;
                        if (sampled[EntityStage.WEIGHT_VARIES]++ < SAMPLES) {
                            sample(EntityStage.WEIGHT_VARIES, "weight '" + in.weightName() + "' is not constant within "
                                    + describe(current) + " (values " + weight[b] + " and " + w + ")");
                        }
                    }
                }
                boolean hasLabel = in.label() >= 0 && !row.isNullAt(in.label());
                labelled |= hasLabel;
                if (keep) {
                    boolean hasPrediction = !row.isNullAt(in.prediction());
                    values[b].add(hasPrediction, hasPrediction ? row.getDouble(in.prediction()) : Double.NaN,
                            hasLabel, hasLabel ? row.getDouble(in.label()) : Double.NaN);
                }
            }
        }

        private InternalRow finish(UnsafeRow key) {
            c[EntityStage.ENTITIES]++;
            if (!labelled) {
                c[EntityStage.WITHOUT_LABELS]++;
            }
            if (repeated) {
                c[EntityStage.REPEATED_IDS]++;
            }
            boolean tooLarge = size > layout.maxRows();
            if (tooLarge && sampled[EntityStage.TOO_LARGE]++ < SAMPLES) {
                sample(EntityStage.TOO_LARGE, describe(key) + " has " + size + " rows, more than max_entity_rows = " + layout.maxRows());
            }
            if (groupVaries) {
                c[EntityStage.GROUP_VARIES]++;
            }
            if (weightVaries) {
                c[EntityStage.WEIGHT_VARIES]++;
            }
            if (tooLarge) {
                c[EntityStage.TOO_LARGE]++;
            }
            Object[] out = new Object[groups + losses.length + weighted];
            for (int g = 0; g < groups; g++) {
                out[g] = groupValue[g] == null ? null : groupValue[g].get(0, layout.groupTypes().get(g));
            }
            boolean computable = !repeated && !tooLarge;
            for (int i = 0; i < losses.length; i++) {
                out[groups + i] = computable ? losses[i].entityValue(values[inputOf[i]]) : Double.NaN;
            }
            int o = groups + losses.length;
            for (int b = 0; b < values.length; b++) {
                if (layout.bindings().get(b).weight() >= 0) {
                    out[o++] = weightSeen[b] && !weightVaries ? weight[b] : Double.NaN;
                }
            }
            return new GenericInternalRow(out);
        }

        /** Sends a problem's message to the driver (the callers send a few per partition and kind). */
        private void sample(int slot, String message) {
            samples.add(slot + ":" + message);
        }

        private String describe(UnsafeRow key) {
            StringBuilder b = new StringBuilder(layout.kind());
            for (int k = 0; k < layout.keyNames().size(); k++) {
                b.append(k == 0 ? " " : ", ").append(layout.keyNames().get(k)).append('=')
                        .append(key.isNullAt(k) ? "null" : key.get(k, layout.keyTypes().get(k)));
            }
            return b.toString();
        }

        private String show(UnsafeRow v, int g) {
            return String.valueOf(v.get(0, layout.groupTypes().get(g)));
        }
    }
}
