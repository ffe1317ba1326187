package dev.lossreport.spark;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.QuantileLoss;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * A typed Spark {@link Aggregator} computing one loss's slice value: input (prediction[, label][, weight]),
 * buffer the loss state, output the value (null when undefined). Quantile losses (median absolute error,
 * the D^2 pinball scores) also keep their group's (value, weight) pairs in the buffer and sort them when
 * the group is finished: exact, with memory proportional to the group's rows. Use {@link #udaf()} in DataFrame code
 * ({@code df.groupBy("g").agg(agg.udaf().apply(col("p"), col("y")))}), or
 * {@link LossFunctions#register} to call it by name in SQL.
 */
public final class LossAggregator extends Aggregator<Row, LossBuffer, Double> {
    private final Loss loss;
    private final Signature.Pair pair;
    private final boolean weighted;
    private final StructType inputSchema;
    private transient Example example;

    private LossAggregator(Loss loss, Signature.Pair pair, boolean weighted, StructType inputSchema) {
        this.loss = loss;
        this.pair = pair;
        this.weighted = weighted;
        this.inputSchema = inputSchema;
    }

    /**
     * An aggregator for columns of the given types: {@code label} null for losses without a label,
     * and {@code weighted} adds a third (double) weight input.
     */
    public static LossAggregator of(Loss loss, DataType prediction, DataType label, boolean weighted) {
        if (dev.lossreport.loss.ArrayOptions.RAW.equals(loss.params().asMap().get("multioutput"))) {
            throw new LossException("loss '" + loss.spec() + "' has one value per output and an Aggregator returns one; "
                    + "aggregate element_at(prediction, k) against element_at(label, k) per output instead");
        }
        Signature.Pair pair = Inputs.pair(loss, "prediction", prediction, "label", label);
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("prediction", Inputs.widened(pair.prediction()), true));
        if (pair.label() != Shape.NONE) {
            fields.add(DataTypes.createStructField("label", Inputs.widened(pair.label()), true));
        }
        if (weighted) {
            fields.add(DataTypes.createStructField("weight", DataTypes.DoubleType, true));
        }
        return new LossAggregator(loss, pair, weighted, DataTypes.createStructType(fields));
    }

    /** A scalar (prediction, label) aggregator, or (prediction, class index) for vector losses. */
    public static LossAggregator of(Loss loss, boolean weighted) {
        Signature.Pair first = loss.signature().pairs().get(0);
        DataType label = first.label() == Shape.NONE ? null : Inputs.widened(first.label() == Shape.INDEX ? Shape.SCALAR : first.label());
        return of(loss, Inputs.widened(first.prediction()), label, weighted);
    }

    public Loss loss() {
        return loss;
    }

    public UserDefinedFunction udaf() {
        return functions.udaf(this, Encoders.row(inputSchema)).withName(loss.name());
    }

    @Override
    public LossBuffer zero() {
        return new LossBuffer(new double[loss.width()]);
    }

    @Override
    public LossBuffer reduce(LossBuffer b, Row row) {
        if (example == null) {
            example = new Example();
        }
        int i = 0;
        Object prediction = row.get(i++);
        Object label = pair.label() == Shape.NONE ? null : row.get(i++);
        Object weight = weighted ? row.get(i) : 1.0;
        ExternalValues.fill(example, pair, prediction, label, weight);
        loss.update(b.getState(), 0, example);
        if (loss instanceof QuantileLoss q && q.ordersRow(example)) {
            b.addOrdered(q.orderedValue(example), example.weight);
        }
        return b;
    }

    @Override
    public LossBuffer merge(LossBuffer a, LossBuffer b) {
        loss.merge(a.getState(), 0, b.getState(), 0);
        a.addOrdered(b);
        return a;
    }

    @Override
    public Double finish(LossBuffer b) {
        if (loss instanceof QuantileLoss q) {
            int n = b.getOrderedCount();
            double[] values = new double[n];
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = b.getOrdered()[2 * i];
                weights[i] = b.getOrdered()[2 * i + 1];
            }
            q.completeOrderStatistics(b.getState(), 0, values, weights, n);
        }
        return loss.value(b.getState(), 0);
    }

    @Override
    public Encoder<LossBuffer> bufferEncoder() {
        return Encoders.bean(LossBuffer.class);
    }

    @Override
    public Encoder<Double> outputEncoder() {
        return Encoders.DOUBLE();
    }
}
