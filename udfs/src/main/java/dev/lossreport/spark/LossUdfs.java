package dev.lossreport.spark;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Typed UDFs of a loss's pointwise value: {@code (prediction[, label]) -> double}, null when the row
 * is outside the loss's domain. Useful to inspect per-row losses or to feed Spark's own aggregates.
 */
public final class LossUdfs {
    private LossUdfs() {
    }

    /** The pointwise UDF for columns of the given types ({@code label} null for losses without one). */
    public static UserDefinedFunction pointwise(Loss loss, DataType prediction, DataType label) {
        Signature.Pair pair = Inputs.pair(loss, "prediction", prediction, "label", label);
        UserDefinedFunction udf;
        if (pair.label() == Shape.NONE) {
            udf = functions.udf(new One(loss, pair), DataTypes.DoubleType);
        } else {
            udf = functions.udf(new Two(loss, pair), DataTypes.DoubleType);
        }
        return udf.withName(loss.name() + "_pointwise");
    }

    private abstract static class Base implements java.io.Serializable {
        final Loss loss;
        final Signature.Pair pair;
        private transient Example example;

        Base(Loss loss, Signature.Pair pair) {
            this.loss = loss;
            this.pair = pair;
        }

        Double apply(Object prediction, Object label) {
            if (example == null) {
                example = new Example();
            }
            ExternalValues.fill(example, pair, prediction, label, 1.0);
            double v = loss.pointwiseOrNaN(example);
            return Double.isNaN(v) ? null : v;
        }
    }

    private static final class One extends Base implements UDF1<Object, Double> {
        One(Loss loss, Signature.Pair pair) {
            super(loss, pair);
        }

        @Override
        public Double call(Object prediction) {
            return apply(prediction, null);
        }
    }

    private static final class Two extends Base implements UDF2<Object, Object, Double> {
        Two(Loss loss, Signature.Pair pair) {
            super(loss, pair);
        }

        @Override
        public Double call(Object prediction, Object label) {
            return apply(prediction, label);
        }
    }
}
