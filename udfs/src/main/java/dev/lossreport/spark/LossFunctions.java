package dev.lossreport.spark;

import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Losses;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils$;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator$;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers losses as SQL functions. For a loss registered as {@code NAME}:
 * <ul>
 *   <li>{@code NAME(prediction, label)}: the aggregate slice value (weight 1),</li>
 *   <li>{@code NAME_weighted(prediction, label, weight)}: the weighted aggregate,</li>
 *   <li>{@code NAME_pointwise(prediction, label)}: the per-row value.</li>
 * </ul>
 * Inputs are the loss's first signature: numbers for element-wise losses, (array of probabilities,
 * class index) for categorical ones, and just the prediction for {@code nll}.
 */
public final class LossFunctions {
    private LossFunctions() {
    }

    /**
     * Registers every per-row loss of the registry with its default parameters; returns the SQL names.
     * Per-entity losses (ranking per query, bias and variance per example) need the rows of an entity
     * together, which a SQL aggregate over rows does not see: the job computes them.
     */
    public static List<String> register(SparkSession spark) {
        List<String> names = new ArrayList<>();
        for (LossType type : Losses.list()) {
            if (!perEntity(type)) {
                names.addAll(register(spark, type.name(), type.name()));
            }
        }
        return names;
    }

    /** Whether a loss type is computed per entity ({@link EntityLoss}). */
    public static boolean perEntity(LossType type) {
        return type.create(java.util.Map.of()) instanceof EntityLoss;
    }

    /** Registers one loss spec (e.g. {@code huber(delta=2)}) under a SQL name; returns the names registered. */
    public static List<String> register(SparkSession spark, String spec, String sqlName) {
        Loss loss = Losses.parse(spec);
        if (loss instanceof EntityLoss e) {
            throw new LossException("loss '" + loss.spec() + "' is computed per " + e.entity().role()
                    + " from all its rows; a SQL aggregate over rows cannot compute it: run the job with "
                    + e.entity().role() + " and " + e.entity().orderRole() + " columns");
        }
        for (String n : List.of(sqlName, sqlName + "_weighted", sqlName + "_pointwise")) {
            if (FunctionRegistry$.MODULE$.builtin().functionExists(FunctionIdentifier.apply(n))) {
                throw new LossException("'" + n + "' is a built-in Spark SQL function; register the loss under another name");
            }
        }
        Signature.Pair first = loss.signature().pairs().get(0);
        DataType prediction = Inputs.widened(first.prediction());
        DataType label = first.label() == Shape.NONE ? null : Inputs.widened(first.label() == Shape.INDEX ? Shape.SCALAR : first.label());
        List<String> args = label == null ? List.of("prediction") : List.of("prediction", "label");
        List<String> weightedArgs = new ArrayList<>(args);
        weightedArgs.add("weight");
        registerChecked(spark, sqlName, args, LossAggregator.of(loss, prediction, label, false).udaf());
        registerChecked(spark, sqlName + "_weighted", weightedArgs, LossAggregator.of(loss, prediction, label, true).udaf());
        registerChecked(spark, sqlName + "_pointwise", args, LossUdfs.pointwise(loss, prediction, label));
        return List.of(sqlName, sqlName + "_weighted", sqlName + "_pointwise");
    }

    /**
     * Registers a function whose arity is checked when a query is analysed: Spark does not check
     * the argument count of Aggregator-based functions and would fail in a task instead.
     */
    private static void registerChecked(SparkSession spark, String name, List<String> args, UserDefinedFunction f) {
        var registry = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().functionRegistry();
        scala.Function1<scala.collection.immutable.Seq<Expression>, Expression> builder = children -> {
            if (children.size() != args.size()) {
                throw new LossException(name + "(" + String.join(", ", args) + ") takes " + args.size()
                        + " arguments, got " + children.size());
            }
            if (f instanceof UserDefinedAggregator<?, ?, ?> agg) {
                return ScalaAggregator$.MODULE$.apply(agg, children);
            }
            return UserDefinedFunctionUtils$.MODULE$.toScalaUDF((SparkUserDefinedFunction) f, children);
        };
        registry.createOrReplaceTempFunction(name, builder, "scala_udf");
    }
}
