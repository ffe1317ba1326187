package dev.lossreport.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parameters that lift any loss defined on a pair of numbers to equal-length arrays, without code in
 * the loss: every registered per-row type whose signature accepts (number, number) gets them.
 * <ul>
 *   <li>{@code multioutput} (scikit-learn): one state per output (array position), each reduced and
 *       finished as the scalar loss, then combined: {@code uniform_average} (mean over outputs),
 *       {@code raw_values} (one report row per output), {@code variance_weighted} (weights = each
 *       output's label sum of squares; losses finished from moments only) or a list of output weights.
 *       See {@link MultiOutputLoss}.</li>
 *   <li>{@code outputs}: the number of outputs K. A weight list gives it; the job otherwise reads it
 *       from the whole table. Rows of another length do not count.</li>
 *   <li>{@code flatten}: every element pair is a row of the scalar loss with its row's weight (one
 *       pooled average over all elements). See {@link FlattenedLoss}.</li>
 * </ul>
 * Without them an array row is reduced by the loss's own rule (the mean over its elements for
 * element-wise losses, Keras' convention).
 */
public final class ArrayOptions {
    private ArrayOptions() {
    }

    public static final String UNIFORM = "uniform_average";
    public static final String RAW = "raw_values";
    public static final String VARIANCE = "variance_weighted";

    public static final Param MULTIOUTPUT = Param.choiceOrReals("multioutput",
            "arrays: reduce each output (array position) as the scalar loss, then uniform_average, raw_values "
                    + "(one report row per output), variance_weighted (r2, explained variance) or a list of output weights",
            ArrayOptions::validOutputWeights, "a known choice, or a list of finite weights >= 0 with a positive sum",
            UNIFORM, RAW, VARIANCE);
    public static final Param OUTPUTS = Param.optionalInteger("outputs",
            "arrays with multioutput: the number of outputs K (default: the weight list's length, or read from the table)",
            k -> k >= 1, "an integer >= 1");
    public static final Param FLATTEN = Param.bool("flatten", false,
            "arrays: pool every element pair of every row (weighted by its row's weight) instead of averaging each row first")
            .hiddenWhenDefault();

    private static final List<String> NAMES = List.of(MULTIOUTPUT.name(), OUTPUTS.name(), FLATTEN.name());
    private static final Signature.Pair SCALARS = new Signature.Pair(Shape.SCALAR, Shape.SCALAR);

    /**
     * The type as the registry lists it: with the array options added to its parameters when it reads
     * a pair of numbers per row and its loss {@link Loss#liftsToArrays()} (per-entity losses, which read
     * all rows of a query or example, do not).
     */
    static LossType offeredTo(LossType t) {
        if (!t.signature().pairs().contains(SCALARS) || !lifts(t)) {
            return t;
        }
        List<Param> all = new ArrayList<>(t.params());
        for (Param p : List.of(MULTIOUTPUT, OUTPUTS, FLATTEN)) {
            if (all.stream().noneMatch(d -> d.name().equals(p.name()))) {
                all.add(p);
            }
        }
        return new LossType(t.name(), t.formula(), t.domain(), t.direction(), t.signature(), all, t.factory());
    }

    private static boolean lifts(LossType t) {
        try {
            return t.create(Map.of()).liftsToArrays();
        } catch (RuntimeException e) {
            return true; // a type without usable defaults: a per-row loss for all the registry can tell
        }
    }

    /** Whether the type takes the array options (they are the ones declared here, not a loss's own). */
    static boolean offeredBy(LossType type) {
        return type.param(MULTIOUTPUT.name()) == MULTIOUTPUT;
    }

    /**
     * Whether a loss built from these raw parameters needs the number of outputs from its data:
     * a named {@code multioutput} choice and no {@code outputs}.
     */
    public static boolean needsOutputCount(LossType type, Map<String, ?> raw) {
        if (!offeredBy(type) || raw.get(OUTPUTS.name()) != null) {
            return false;
        }
        Object m = raw.get(MULTIOUTPUT.name());
        return m != null && MULTIOUTPUT.convert(type.name(), m) instanceof String;
    }

    /** Builds the loss: the type's own loss, lifted when an array option is set. */
    static Loss build(LossType type, Params all, Function<Params, Loss> factory) {
        if (!offeredBy(type)) {
            return factory.apply(all);
        }
        Map<String, Object> v = all.asMap();
        Object multioutput = v.get(MULTIOUTPUT.name());
        Integer outputs = (Integer) v.get(OUTPUTS.name());
        boolean flatten = Boolean.TRUE.equals(v.get(FLATTEN.name()));
        Loss base = factory.apply(all.without(NAMES));
        String name = type.name();
        if (flatten) {
            if (multioutput != null || outputs != null) {
                throw new LossException("loss '" + name + "': flatten pools all elements; it does not combine with "
                        + "multioutput or outputs");
            }
            return new FlattenedLoss(type, all, base);
        }
        if (multioutput == null) {
            if (outputs != null) {
                throw new LossException("loss '" + name + "': outputs applies with multioutput; set multioutput too");
            }
            return base;
        }
        if (multioutput instanceof List<?> list) {
            double[] weights = list.stream().mapToDouble(o -> (Double) o).toArray();
            if (outputs != null && outputs != weights.length) {
                throw new LossException("loss '" + name + "': multioutput has " + weights.length
                        + " output weights but outputs=" + outputs);
            }
            return new MultiOutputLoss(type, all, base, weights.length, MultiOutputLoss.Combine.WEIGHTS, weights);
        }
        if (outputs == null) {
            throw new LossException("loss '" + name + "': multioutput=" + multioutput + " needs the number of outputs: "
                    + "set outputs=K (a job reads it from the table)");
        }
        MultiOutputLoss.Combine combine = switch ((String) multioutput) {
            case UNIFORM -> MultiOutputLoss.Combine.UNIFORM;
            case RAW -> MultiOutputLoss.Combine.RAW;
            default -> MultiOutputLoss.Combine.VARIANCE;
        };
        if (combine == MultiOutputLoss.Combine.VARIANCE && !(base instanceof MomentLoss)) {
            throw new LossException("loss '" + name + "': multioutput=variance_weighted weights outputs by their label "
                    + "variance; it applies to losses finished from moments (r2, explained_variance)");
        }
        return new MultiOutputLoss(type, all, base, outputs, combine, null);
    }

    private static boolean validOutputWeights(Object v) {
        if (!(v instanceof List<?> list)) {
            return true;
        }
        double sum = 0;
        for (Object o : list) {
            double w = (Double) o;
            if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
                return false;
            }
            sum += w;
        }
        return !list.isEmpty() && sum > 0;
    }
}
