package dev.lossreport.job.plan;

import dev.lossreport.job.JobException;
import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import dev.lossreport.spark.Inputs;
import org.apache.spark.sql.types.DataType;

/**
 * Which masks a loss can take. A mask of one number or boolean per row skips rows (0 / false);
 * an array mask skips element pairs and an ignore value skips label elements, which only element-wise
 * losses on two arrays (and the array options multioutput and flatten) average over.
 */
final class Masks {
    private Masks() {
    }

    private static final Signature.Pair ARRAYS = new Signature.Pair(Shape.VECTOR, Shape.VECTOR);

    /** The mask's shape for this loss; a usage error when the loss cannot take it. */
    static Shape shape(Loss loss, Signature.Pair pair, String mask, DataType type) {
        Shape s = Inputs.shapeOf(type);
        if (s == null || s == Shape.NONE) {
            throw JobException.usage("loss '" + loss.spec() + "': mask '" + mask + "' has type " + type.simpleString()
                    + "; expected a number or boolean per row, or an array of them per element");
        }
        if (s == Shape.VECTOR && !(pair.equals(ARRAYS) && loss.elementMasks())) {
            throw JobException.usage("loss '" + loss.spec() + "': mask '" + mask + "' is an array, which masks elements of "
                    + "element-wise losses on two arrays; this loss reads " + pair + ", so give one number or boolean per row");
        }
        return s;
    }

    /**
     * Masks act where a loss updates its state from a row; a loss whose value needs more than that state
     * (all rows of a query or example, a stage of order statistics) would not see them everywhere.
     */
    static void checkPerRow(Loss loss, String mask, Double ignore) {
        if (!loss.liftsToArrays() && (mask != null || ignore != null)) {
            String how = loss instanceof EntityLoss e ? "is computed per " + e.entity().role() + " from all its rows"
                    : "needs more than its per-row state";
            throw JobException.usage("loss '" + loss.spec() + "' " + how + "; mask and ignore_value apply to per-row "
                    + "losses (filter the input instead)");
        }
    }

    /** An ignore value skips label elements only where the loss averages over elements. */
    static void checkIgnoreValue(Loss loss, Signature.Pair pair, Double ignore) {
        if (ignore != null && pair.label() == Shape.VECTOR && !loss.elementMasks()) {
            throw JobException.usage("loss '" + loss.spec() + "': ignore_value skips label elements, and this loss does not "
                    + "average over elements (it reads " + pair + ")");
        }
    }
}
