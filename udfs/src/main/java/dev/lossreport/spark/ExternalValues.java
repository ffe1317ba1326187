package dev.lossreport.spark;

import dev.lossreport.loss.Example;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

import java.util.List;

/**
 * Fills an {@link Example} from the external values Spark hands to typed UDFs and Aggregators:
 * boxed numbers (any numeric type, widened to double), booleans (1.0 / 0.0), Scala or Java sequences
 * for arrays, and null. Nulls become NaN or a null array, which every loss's domain rejects.
 */
final class ExternalValues {
    private ExternalValues() {
    }

    static void fill(Example x, Signature.Pair pair, Object prediction, Object label, Object weight) {
        x.predictionIsVector = pair.prediction() == Shape.VECTOR;
        x.labelIsVector = pair.label() == Shape.VECTOR;
        if (x.predictionIsVector) {
            x.predictionLength = fillArray(x, prediction, true);
        } else {
            x.prediction = number(prediction);
        }
        if (x.labelIsVector) {
            x.labelLength = fillArray(x, label, false);
        } else if (pair.label() != Shape.NONE) {
            x.label = number(label);
        }
        x.weight = weight == null ? Double.NaN : number(weight);
    }

    static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return Double.NaN;
    }

    private static int fillArray(Example x, Object v, boolean prediction) {
        List<?> list;
        if (v == null) {
            return -1;
        } else if (v instanceof List<?> l) {
            list = l;
        } else if (v instanceof scala.collection.Seq<?> s) {
            list = scala.jdk.javaapi.CollectionConverters.asJava(s);
        } else if (v instanceof double[] d) {
            double[] buf = prediction ? x.predictionBuffer(d.length) : x.labelBuffer(d.length);
            System.arraycopy(d, 0, buf, 0, d.length);
            return d.length;
        } else {
            return -1;
        }
        int n = list.size();
        double[] buf = prediction ? x.predictionBuffer(n) : x.labelBuffer(n);
        for (int i = 0; i < n; i++) {
            buf[i] = number(list.get(i));
        }
        return n;
    }
}
