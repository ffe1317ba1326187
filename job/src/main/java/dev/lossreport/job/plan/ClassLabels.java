package dev.lossreport.job.plan;

import dev.lossreport.job.JobException;
import dev.lossreport.loss.Loss;
import dev.lossreport.spark.Inputs;
import dev.lossreport.loss.Shape;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

import java.util.List;

/**
 * Class labels read through a class list: the label becomes its index 0..K-1 in the list, in the
 * plan's projection, so every loss sees a class index (or, with two classes, a 0/1 label). A label
 * outside the list, or a probability array whose length is not K, gives a null label: the row
 * counts as invalid. String labels are matched as text, numeric labels by value.
 */
final class ClassLabels {
    private ClassLabels() {
    }

    /** Checks that the class list fits the label column. */
    static void check(Loss loss, String label, DataType type, List<String> classes) {
        if (type instanceof StringType) {
            return;
        }
        if (Inputs.shapeOf(type) != Shape.SCALAR) {
            throw JobException.usage("loss '" + loss.spec() + "': classes apply to a label of names or numbers; label '"
                    + label + "' has type " + type.simpleString());
        }
        for (String c : classes) {
            try {
                Double.parseDouble(c);
            } catch (NumberFormatException e) {
                throw JobException.usage("loss '" + loss.spec() + "': label '" + label + "' is numeric (" + type.simpleString()
                        + "), so its classes must be numbers as they appear in the column; got '" + c + "'");
            }
        }
    }

    /** The class index of {@code label} as a double; null outside the list or when the prediction array is not of length K. */
    static Column index(Column label, boolean named, List<String> classes, Column predictionArray) {
        Column[] list = classes.stream()
                .map(c -> named ? functions.lit(c) : functions.lit(Double.parseDouble(c)))
                .toArray(Column[]::new);
        Column position = functions.array_position(functions.array(list), named ? label : label.cast(DataTypes.DoubleType));
        Column found = position.gt(0);
        if (predictionArray != null) {
            found = found.and(functions.size(predictionArray).equalTo(classes.size()));
        }
        return functions.when(found, position.minus(1)).cast(DataTypes.DoubleType);
    }
}
