package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Stage two of the pass, after partial rows are shuffled by (slicing, group values): merges the
 * partial states of each slice with the losses' own merge (compensated sums, Chan's moments), then
 * finishes them into report rows, one per (slice, loss), or per (slice, loss, output) for
 * {@code multioutput=raw_values}.
 */
final class MergeAggregation implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private final PassPlan plan;
    private final PartitionCounts reportRows;

    MergeAggregation(PassPlan plan, PartitionCounts reportRows) {
        this.plan = plan;
        this.reportRows = reportRows;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> partials) {
        LossSet losses = plan.losses();
        int groups = plan.groupColumns().size();
        List<Expression> refs = new ArrayList<>();
        refs.add(new BoundReference(0, DataTypes.IntegerType, false));
        for (int g = 0; g < groups; g++) {
            refs.add(new BoundReference(1 + g, plan.groupColumns().get(g).type(), true));
        }
        UnsafeProjection keyOf = UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(refs).toSeq());
        Map<UnsafeRow, double[]> merged = new HashMap<>();
        while (partials.hasNext()) {
            InternalRow row = partials.next();
            UnsafeRow key = keyOf.apply(row);
            double[] state = row.getArray(groups + 1).toDoubleArray();
            double[] into = merged.get(key);
            if (into == null) {
                merged.put(key.copy(), state);
            } else {
                losses.merge(into, 0, state, 0);
            }
        }

        UTF8String[] slices = plan.slicings().stream().map(s -> UTF8String.fromString(s.name())).toArray(UTF8String[]::new);
        UTF8String[] specs = new UTF8String[losses.size()];
        UTF8String[] predictions = new UTF8String[losses.size()];
        UTF8String[] labels = new UTF8String[losses.size()];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = UTF8String.fromString(losses.loss(i).spec());
            PassPlan.Binding b = plan.bindings().get(losses.inputOf(i));
            predictions[i] = UTF8String.fromString(b.prediction());
            labels[i] = b.label() == null ? null : UTF8String.fromString(b.label());
        }
        List<InternalRow> out = new ArrayList<>(merged.size() * losses.size());
        for (Map.Entry<UnsafeRow, double[]> e : merged.entrySet()) {
            UnsafeRow key = e.getKey();
            double[] state = e.getValue();
            for (int i = 0; i < losses.size(); i++) {
                Loss loss = losses.loss(i);
                for (Loss.ReportRow r : loss.report(state, losses.offset(i))) {
                    Object[] v = new Object[groups + 10];
                    v[0] = slices[key.getInt(0)];
                    for (int g = 0; g < groups; g++) {
                        v[1 + g] = key.isNullAt(1 + g) ? null : key.get(1 + g, plan.groupColumns().get(g).type());
                    }
                    v[groups + 1] = specs[i];
                    v[groups + 2] = predictions[i];
                    v[groups + 3] = labels[i];
                    v[groups + 4] = r.output();
                    v[groups + 5] = r.value();
                    v[groups + 6] = r.rows();
                    v[groups + 7] = r.weightSum();
                    v[groups + 8] = r.invalidRows();
                    v[groups + 9] = r.maskedRows();
                    out.add(new GenericInternalRow(v));
                }
            }
        }
        reportRows.add(new PartitionCounts.Entry(org.apache.spark.TaskContext.getPartitionId(), new long[]{out.size()}));
        return out.iterator();
    }
}
