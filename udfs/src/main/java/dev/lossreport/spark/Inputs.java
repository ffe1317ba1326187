package dev.lossreport.spark;

import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/** Which shape a Spark column type gives a loss input, and the pair a loss reads for given columns. */
public final class Inputs {
    private Inputs() {
    }

    /** SCALAR for numbers and booleans, VECTOR for arrays of them, null for anything else. */
    public static Shape shapeOf(DataType type) {
        if (type == null) {
            return Shape.NONE;
        }
        if (type instanceof NumericType || type instanceof BooleanType) {
            return Shape.SCALAR;
        }
        if (type instanceof ArrayType a && shapeOf(a.elementType()) == Shape.SCALAR) {
            return Shape.VECTOR;
        }
        return null;
    }

    /** The double or array&lt;double&gt; type a column of this shape is widened to. */
    public static DataType widened(Shape shape) {
        return shape == Shape.VECTOR ? DataTypes.createArrayType(DataTypes.DoubleType, true) : DataTypes.DoubleType;
    }

    /**
     * The (prediction, label) pair of the loss's signature that fits columns of these types
     * ({@code label} null when there is no label column); a clear error naming the columns otherwise.
     */
    public static Signature.Pair pair(Loss loss, String predictionName, DataType prediction,
                                      String labelName, DataType label) {
        Shape p = shapeOf(prediction);
        Shape l = shapeOf(label);
        if (p == null) {
            throw new LossException("loss '" + loss.spec() + "': prediction '" + predictionName + "' has type "
                    + prediction.simpleString() + "; expected a number or an array of numbers");
        }
        if (l == null) {
            throw new LossException("loss '" + loss.spec() + "': label '" + labelName + "' has type "
                    + label.simpleString() + "; expected a number or an array of numbers");
        }
        Signature.Pair pair = loss.signature().match(p, l);
        if (pair == null) {
            throw new LossException("loss '" + loss.spec() + "' accepts " + loss.signature() + "; got prediction '"
                    + predictionName + "' (" + prediction.simpleString() + ")"
                    + (label == null ? " and no label" : " and label '" + labelName + "' (" + label.simpleString() + ")")
                    + arrayHint(loss, p, l, predictionName, labelName));
        }
        return pair;
    }

    /** For two arrays given to a loss of numbers: how to score them, or that it cannot. */
    private static String arrayHint(Loss loss, Shape p, Shape l, String predictionName, String labelName) {
        if (p != Shape.VECTOR || l != Shape.VECTOR
                || !loss.signature().pairs().contains(new Signature.Pair(Shape.SCALAR, Shape.SCALAR))) {
            return "";
        }
        String name = loss.type().name();
        if (loss.type().param(dev.lossreport.loss.ArrayOptions.MULTIOUTPUT.name()) != null) {
            return "; for arrays give it multioutput (" + name + "(multioutput=uniform_average), raw_values for a report row "
                    + "per output, variance_weighted, or a list of output weights) or flatten=true (one pooled value over all elements)";
        }
        return "; it reads one number per row and takes no multioutput or flatten: score one output at a time, "
                + "e.g. element_at(" + predictionName + ", 1) against element_at(" + labelName + ", 1)";
    }
}
