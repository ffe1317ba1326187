package dev.lossreport.job.engine;

import dev.lossreport.job.input.InputReader;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Example;
import dev.lossreport.loss.LossSet;
import dev.lossreport.loss.QuantileLoss;
import dev.lossreport.loss.Sums;
import dev.lossreport.loss.WeightedQuantile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The exact order statistics of quantile losses ({@link QuantileLoss}: median absolute error, the D^2
 * pinball scores), which no fixed-size mergeable state holds. Run by {@link FusedPass} only when the
 * plan has such a loss; it scans the input a second time.
 *
 * <p>Every row that takes part emits (slicing, group values, loss, value, weight) once per slicing, and
 * each partition adds one row per slice and loss with its total weight. The rows are shuffled by
 * (slicing, group values, loss) and sorted within partitions with the totals first and then by value,
 * so each slice's values stream past in ascending order after its total weight is known, and
 * {@link WeightedQuantile} finds the exact quantile and pinball spread in one pass without holding the
 * values. The result is one partial state per slice and loss, empty except for that loss's order
 * statistics, which the merge stage adds to the slice's other partial states.
 */
final class QuantileStage {
    private static final int TOTAL = 0;
    private static final int VALUE = 1;

    private QuantileStage() {
    }

    /** Whether the plan has a quantile loss. */
    static boolean needed(PassPlan plan) {
        return !quantileLosses(plan.losses()).isEmpty();
    }

    private static List<Integer> quantileLosses(LossSet losses) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < losses.size(); i++) {
            if (losses.loss(i) instanceof QuantileLoss) {
                out.add(i);
            }
        }
        return out;
    }

    /** Partial states carrying the order statistics, in the layout of the pass's partial rows. */
    static JavaRDD<InternalRow> partials(org.apache.spark.sql.classic.SparkSession session, PassPlan plan,
                                         RDD<InternalRow> input, PartialLayout layout) {
        JavaRDD<InternalRow> values = input.toJavaRDD().mapPartitions(new Emit(plan));
        Dataset<Row> frame = session.internalCreateDataFrame(values.rdd(), schema(plan), false);
        List<Column> key = new ArrayList<>();
        for (String c : frame.columns()) {
            if (!c.equals("__kind") && !c.equals("__v") && !c.equals("__w")) {
                key.add(frame.col(c));
            }
        }
        List<Column> order = new ArrayList<>(key);
        order.add(frame.col("__kind"));
        order.add(frame.col("__v"));
        Dataset<Row> sorted = frame.repartition(key.toArray(Column[]::new)).sortWithinPartitions(order.toArray(Column[]::new));
        RDD<InternalRow> rows = ((org.apache.spark.sql.classic.Dataset<Row>) sorted).queryExecution().toRdd();
        return rows.toJavaRDD().mapPartitions(new Scan(plan, layout));
    }

    /** (slicing, group columns, loss, kind, value, weight). */
    private static StructType schema(PassPlan plan) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("__slicing", DataTypes.IntegerType, false));
        for (int g = 0; g < plan.groupColumns().size(); g++) {
            f.add(DataTypes.createStructField("__g" + g, plan.groupColumns().get(g).type(), true));
        }
        f.add(DataTypes.createStructField("__loss", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("__kind", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("__v", DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField("__w", DataTypes.DoubleType, false));
        return DataTypes.createStructType(f);
    }

    /** A projection of the first {@code 2 + groups} columns (slicing, group values, loss) into a hashable row. */
    private static UnsafeProjection keyProjection(PassPlan plan) {
        List<Expression> refs = new ArrayList<>();
        refs.add(new BoundReference(0, DataTypes.IntegerType, false));
        for (int g = 0; g < plan.groupColumns().size(); g++) {
            refs.add(new BoundReference(1 + g, plan.groupColumns().get(g).type(), true));
        }
        refs.add(new BoundReference(1 + plan.groupColumns().size(), DataTypes.IntegerType, false));
        return UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(refs).toSeq());
    }

    /** Per input partition: one value row per (row, slicing, quantile loss), then the partition's totals. */
    private static final class Emit implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
        private final PassPlan plan;

        Emit(PassPlan plan) {
            this.plan = plan;
        }

        @Override
        public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
            LossSet losses = plan.losses();
            List<Integer> quantiles = quantileLosses(losses);
            List<PassPlan.Binding> bindings = plan.bindings();
            Example[] examples = new Example[bindings.size()];
            for (int b = 0; b < examples.length; b++) {
                examples[b] = bindings.get(b).reader().newExample();
            }
            int groups = plan.groupColumns().size();
            int side = plan.sideOrdinal();
            UnsafeProjection keyOf = keyProjection(plan);
            Map<UnsafeRow, double[]> totals = new HashMap<>();
            ArrayDeque<InternalRow> pending = new ArrayDeque<>();

            return new Iterator<>() {
                private boolean totalsEmitted;

                @Override
                public boolean hasNext() {
                    while (pending.isEmpty() && rows.hasNext()) {
                        emit(rows.next());
                    }
                    if (pending.isEmpty() && !totalsEmitted) {
                        totalsEmitted = true;
                        for (Map.Entry<UnsafeRow, double[]> e : totals.entrySet()) {
                            pending.add(totalRow(e.getKey(), Sums.value(e.getValue(), 0)));
                        }
                        totals.clear();
                    }
                    return !pending.isEmpty();
                }

                @Override
                public InternalRow next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return pending.poll();
                }

                private void emit(InternalRow row) {
                    if (side >= 0 && row.getInt(side) != InputReader.MATCHED) {
                        return;
                    }
                    for (int b = 0; b < examples.length; b++) {
                        bindings.get(b).reader().fill(examples[b], row);
                    }
                    for (int i : quantiles) {
                        QuantileLoss loss = (QuantileLoss) losses.loss(i);
                        Example x = examples[losses.inputOf(i)];
                        if (!loss.ordersRow(x)) {
                            continue;
                        }
                        double v = loss.orderedValue(x);
                        for (int s = 0; s < plan.slicings().size(); s++) {
                            Object[] values = new Object[groups + 5];
                            values[0] = s;
                            for (int c : plan.slicings().get(s).columns()) {
                                values[1 + c] = row.isNullAt(c) ? null : row.get(c, plan.groupColumns().get(c).type());
                            }
                            values[groups + 1] = i;
                            values[groups + 2] = VALUE;
                            values[groups + 3] = v;
                            values[groups + 4] = x.weight;
                            GenericInternalRow out = new GenericInternalRow(values);
                            Sums.add(totals.computeIfAbsent(keyOf.apply(out).copy(), k -> new double[2]), 0, x.weight);
                            pending.add(out);
                        }
                    }
                }

                private InternalRow totalRow(UnsafeRow key, double weight) {
                    Object[] values = new Object[groups + 5];
                    values[0] = key.getInt(0);
                    for (int g = 0; g < groups; g++) {
                        values[1 + g] = key.isNullAt(1 + g) ? null : key.get(1 + g, plan.groupColumns().get(g).type());
                    }
                    values[groups + 1] = key.getInt(groups + 1);
                    values[groups + 2] = TOTAL;
                    values[groups + 3] = 0.0;
                    values[groups + 4] = weight;
                    return new GenericInternalRow(values);
                }
            };
        }
    }

    /** Per sorted partition: each (slice, loss) group's totals, then its values in ascending order. */
    private static final class Scan implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
        private final PassPlan plan;

        private final PartialLayout layout;

        Scan(PassPlan plan, PartialLayout layout) {
            this.layout = layout;
            this.plan = plan;
        }

        @Override
        public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
            LossSet losses = plan.losses();
            int groups = plan.groupColumns().size();
            UnsafeProjection keyOf = keyProjection(plan);
            List<InternalRow> out = new ArrayList<>();
            UnsafeRow current = null;
            double[] total = new double[2];
            WeightedQuantile scan = null;
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                UnsafeRow key = keyOf.apply(row);
                if (current == null || !current.equals(key)) {
                    if (current != null) {
                        out.add(partial(current, scan, losses, groups));
                    }
                    current = key.copy();
                    total = new double[2];
                    scan = null;
                }
                double w = row.getDouble(groups + 4);
                if (row.getInt(groups + 2) == TOTAL) {
                    Sums.add(total, 0, w);
                    continue;
                }
                if (scan == null) {
                    scan = ((QuantileLoss) losses.loss(current.getInt(groups + 1))).newScan(Sums.value(total, 0));
                }
                scan.add(row.getDouble(groups + 3), w);
            }
            if (current != null) {
                out.add(partial(current, scan, losses, groups));
            }
            return out.iterator();
        }

        private InternalRow partial(UnsafeRow key, WeightedQuantile scan, LossSet losses, int groups) {
            int i = key.getInt(groups + 1);
            double[] state = new double[losses.width()];
            if (scan != null) {
                ((QuantileLoss) losses.loss(i)).putOrderStatistics(state, losses.offset(i), scan);
            }
            int slicing = key.getInt(0);
            int[] cols = plan.slicings().get(slicing).columns();
            Object[] values = new Object[cols.length];
            for (int j = 0; j < cols.length; j++) {
                int g = cols[j];
                values[j] = key.isNullAt(1 + g) ? null : key.get(1 + g, plan.groupColumns().get(g).type());
            }
            return layout.state(slicing, cols, values, losses.lean(state));
        }
    }
}
