package dev.lossreport.job.plan;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.EntityStage;
import dev.lossreport.job.input.InputReader;
import dev.lossreport.loss.ArrayOptions;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.LossSet;
import dev.lossreport.loss.Losses;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;
import dev.lossreport.spark.Inputs;
import dev.lossreport.spark.InternalValues;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one pass: which slicings (the overall slice first), which losses read which input binding, and
 * the projection of the input that the pass scans. Built and checked against the input schema before
 * any Spark job runs, so a wrong column or type is a usage error, not a failed task.
 *
 * <p>The projection ({@link #prepared()}) has the group columns first (floats normalized so that -0.0
 * and 0.0 are one group and all NaNs are one), then each distinct (prediction, label, weight) binding
 * widened to double or array&lt;double&gt; (with its mask column, and its label read as a class index
 * when a class list applies), then the join side marker when two tables are joined. A string label's
 * class list and the number of outputs for {@code multioutput}, when the config does not give them,
 * come from the whole table ({@link Universes}, one small Spark job each, before the pass).
 */
public final class PassPlan implements Serializable {

    /** One group-by set; {@code columns} index into {@link #groupColumns()}. The overall slice has none. */
    public record Slicing(String name, int[] columns) implements Serializable {
    }

    /** A group column as it appears in the report: its name and its own type. */
    public record GroupColumn(String name, DataType type) implements Serializable {
    }

    /**
     * One distinct set of input columns read by one or more losses; {@code mask}, {@code ignoreValue}
     * and {@code classes} (how the label is read) are null when not set.
     */
    public record Binding(String prediction, String label, String weight, Signature.Pair pair,
                          InternalValues reader, String mask, Double ignoreValue, List<String> classes)
            implements Serializable {
        public Binding(String prediction, String label, String weight, Signature.Pair pair, InternalValues reader) {
            this(prediction, label, weight, pair, reader, null, null, null);
        }
    }

    public static final String OVERALL = "overall";
    private static final List<String> REPORT_COLUMNS =
            List.of("slice", "loss", "prediction", "label", "output", "value", "rows", "weight_sum", "invalid_rows",
                    "masked_rows");

    private final List<Slicing> slicings;
    private final List<GroupColumn> groupColumns;
    private final List<Binding> bindings;
    private final LossSet losses;
    private final int sideOrdinal;
    private final transient Dataset<Row> prepared;
    private final transient EntityStage entities;

    private PassPlan(List<Slicing> slicings, List<GroupColumn> groupColumns, List<Binding> bindings,
                     LossSet losses, int sideOrdinal, Dataset<Row> prepared) {
        this(slicings, groupColumns, bindings, losses, sideOrdinal, prepared, null);
    }

    /** A plan whose prepared rows are entities (see {@link EntityPlan}). */
    PassPlan(List<Slicing> slicings, List<GroupColumn> groupColumns, List<Binding> bindings,
             LossSet losses, int sideOrdinal, Dataset<Row> prepared, EntityStage entities) {
        this.slicings = slicings;
        this.groupColumns = groupColumns;
        this.bindings = bindings;
        this.losses = losses;
        this.sideOrdinal = sideOrdinal;
        this.prepared = prepared;
        this.entities = entities;
    }

    public List<Slicing> slicings() {
        return slicings;
    }

    public List<GroupColumn> groupColumns() {
        return groupColumns;
    }

    public List<Binding> bindings() {
        return bindings;
    }

    public LossSet losses() {
        return losses;
    }

    /** Ordinal of the join side marker in the prepared row, or -1 for a single table. */
    public int sideOrdinal() {
        return sideOrdinal;
    }

    /** The projection the pass scans (driver side only). */
    public Dataset<Row> prepared() {
        return prepared;
    }

    /** The per-entity stage whose entity table the pass scans (driver side only); null when losses are per row. */
    public EntityStage entities() {
        return entities;
    }

    public static PassPlan build(JobConfig config, Dataset<Row> input) {
        List<String> available = Arrays.stream(input.columns()).filter(c -> !c.equals(InputReader.SIDE)).toList();
        // Group columns: the union over slicings, in order of first use.
        List<String> groupNames = new ArrayList<>();
        for (List<String> s : config.groupBy()) {
            for (String c : s) {
                if (!groupNames.contains(c)) {
                    groupNames.add(c);
                }
            }
        }
        // Loss inputs are computed in double, never in Spark's scale-reducing decimal arithmetic.
        input = Coercions.decimalsAsDoubles(input, new java.util.HashSet<>(groupNames));
        Map<String, StructField> fields = new LinkedHashMap<>();
        for (StructField f : input.schema().fields()) {
            fields.put(f.name(), f);
        }
        List<GroupColumn> groupColumns = new ArrayList<>();
        List<Column> select = new ArrayList<>();
        for (String c : groupNames) {
            StructField f = fields.get(c);
            if (f == null) {
                throw JobException.usage("group_by column '" + c + "' is not in the input; columns are " + String.join(", ", available));
            }
            if (!(f.dataType() instanceof AtomicType)) {
                throw JobException.usage("group_by column '" + c + "' has type " + f.dataType().simpleString()
                        + "; a slice value must be a number, string, boolean, date or timestamp");
            }
            if (REPORT_COLUMNS.contains(c)) {
                throw JobException.usage("group_by column '" + c + "' has the name of a report column ("
                        + String.join(", ", REPORT_COLUMNS) + "); rename it, e.g. with an expression in the input");
            }
            groupColumns.add(new GroupColumn(c, f.dataType()));
            select.add(normalized(input.col(quote(c)), f.dataType()).alias("__g" + select.size()));
        }
        List<Slicing> slicings = new ArrayList<>();
        slicings.add(new Slicing(OVERALL, new int[0]));
        for (List<String> s : config.groupBy()) {
            slicings.add(new Slicing(String.join(",", s), s.stream().mapToInt(groupNames::indexOf).toArray()));
        }

        // Losses and the distinct bindings they read.
        List<Loss> losses = new ArrayList<>();
        List<Binding> bindings = new ArrayList<>();
        Map<List<Object>, Integer> bindingIndex = new LinkedHashMap<>();
        int[] inputOf = new int[config.losses().size()];
        java.util.Set<List<String>> reportKeys = new java.util.HashSet<>();
        List<Column> inputColumns = new ArrayList<>();
        int next = groupColumns.size();
        Universes universes = new Universes(input);
        for (int i = 0; i < config.losses().size(); i++) {
            JobConfig.LossEntry e = config.losses().get(i);
            String prediction = first(e.prediction(), config.columns().prediction());
            String label = first(e.label(), config.columns().label());
            String weight = first(e.weight(), config.columns().weight());
            String mask = first(e.mask(), config.columns().mask());
            Double ignore = e.ignoreValue() != null ? e.ignoreValue() : config.columns().ignoreValue();
            List<String> classes = e.classes() != null ? e.classes() : config.columns().classes();
            Loss loss;
            try {
                loss = Losses.create(e.name(), withOutputCount(e, prediction, input, available, universes));
            } catch (LossException ex) {
                throw JobException.usage(ex.getMessage());
            }
            if (label == null && loss.signature().needsLabel() && loss.signature().match(Shape.SCALAR, Shape.NONE) == null
                    && loss.signature().match(Shape.VECTOR, Shape.NONE) == null) {
                throw JobException.usage("loss '" + loss.spec() + "' needs a label: set label in the config, pass --label EXPR, "
                        + "or give the loss its own label");
            }
            DataType pType = typeOf(input, prediction, "loss '" + loss.spec() + "': prediction", available);
            DataType lType = label == null ? null : typeOf(input, label, "loss '" + loss.spec() + "': label", available);
            Coercions.rejectStrings("prediction", prediction, pType, loss.spec());
            boolean namedClasses = lType instanceof StringType;
            if (namedClasses && classes == null) {
                classes = universes.classes(label);
            }
            DataType readType = classes == null || lType == null ? lType : DataTypes.DoubleType;
            Signature.Pair pair;
            try {
                pair = Inputs.pair(loss, prediction, pType, label, readType);
            } catch (LossException ex) {
                throw JobException.usage(ex.getMessage());
            }
            if (weight != null) {
                DataType wType = typeOf(input, weight, "loss '" + loss.spec() + "': weight", available);
                if (Inputs.shapeOf(wType) != Shape.SCALAR) {
                    throw JobException.usage("loss '" + loss.spec() + "': weight '" + weight + "' has type "
                            + wType.simpleString() + "; expected a number");
                }
            }
            String usedLabel = pair.label() == Shape.NONE ? null : label;
            if (namedClasses && usedLabel != null && pair.label() == Shape.SCALAR && classes.size() != 2) {
                // Names become class indices; a number label can only be a binary one (the second class is 1).
                throw JobException.usage("loss '" + loss.spec() + "': label '" + label + "' has type " + lType.simpleString() + " and holds class names " + classes
                        + "; this loss reads a number, so names work only as two classes (0 and 1): map the names to"
                        + " numbers in the label expression, or use a loss of a probability array and a class index");
            }
            if (usedLabel == null) {
                classes = null;
                ignore = null;
            } else if (classes != null) {
                ClassLabels.check(loss, usedLabel, lType, classes);
            }
            Shape maskShape = mask == null ? Shape.NONE
                    : Masks.shape(loss, pair, mask, typeOf(input, mask, "loss '" + loss.spec() + "': mask", available));
            Masks.checkPerRow(loss, mask, ignore);
            Masks.checkIgnoreValue(loss, pair, ignore);
            List<String> reportKey = Arrays.asList(loss.spec(), prediction, usedLabel);
            if (reportKeys.contains(reportKey)) {
                throw JobException.usage("loss '" + loss.spec() + "' of prediction '" + prediction + "'"
                        + (usedLabel == null ? "" : " and label '" + usedLabel + "'") + " is requested twice");
            }
            reportKeys.add(reportKey);
            List<Object> key = Arrays.asList(prediction, usedLabel, weight, pair, mask, ignore, classes);
            Integer b = bindingIndex.get(key);
            if (b == null) {
                b = bindings.size();
                bindingIndex.put(key, b);
                int p = next++;
                inputColumns.add(functions.expr(prediction).cast(Inputs.widened(pair.prediction())).alias("__p" + b));
                int l = -1;
                if (usedLabel != null) {
                    l = next++;
                    Shape ls = pair.label() == Shape.INDEX ? Shape.SCALAR : pair.label();
                    Column read = classes == null ? functions.expr(usedLabel).cast(Inputs.widened(ls))
                            : ClassLabels.index(functions.expr(usedLabel), namedClasses, classes,
                            pair.prediction() == Shape.VECTOR ? functions.expr(prediction) : null);
                    inputColumns.add(read.alias("__l" + b));
                }
                int w = -1;
                if (weight != null) {
                    w = next++;
                    inputColumns.add(functions.expr(weight).cast(DataTypes.DoubleType).alias("__w" + b));
                }
                int m = -1;
                if (mask != null) {
                    m = next++;
                    inputColumns.add(functions.expr(mask).cast(Inputs.widened(maskShape)).alias("__m" + b));
                }
                bindings.add(new Binding(prediction, usedLabel, weight, pair,
                        new InternalValues(pair, p, l, w, m, maskShape == Shape.VECTOR, ignore), mask, ignore, classes));
            }
            inputOf[i] = b;
            losses.add(loss);
        }
        select.addAll(inputColumns);
        int side = -1;
        if (Arrays.asList(input.columns()).contains(InputReader.SIDE)) {
            side = next;
            select.add(input.col(InputReader.SIDE));
        }
        select.addAll(EntityPlan.keyColumns(config, input, available));
        Dataset<Row> prepared = input.select(select.toArray(Column[]::new));
        PassPlan rows = new PassPlan(List.copyOf(slicings), List.copyOf(groupColumns), List.copyOf(bindings),
                new LossSet(losses, inputOf), side, prepared);
        // Per-query or per-example losses: the pass scans one row per entity instead.
        return EntityPlan.perEntity(config, rows);
    }

    /**
     * The loss's raw parameters, with {@code outputs} read from the whole table when multioutput
     * needs it and the config does not give it.
     */
    private static Map<String, Object> withOutputCount(JobConfig.LossEntry e, String prediction, Dataset<Row> input,
                                                       List<String> available, Universes universes) {
        LossType type = Losses.type(e.name());
        if (!ArrayOptions.needsOutputCount(type, e.params())) {
            return e.params();
        }
        DataType pType = typeOf(input, prediction, "loss '" + e.name() + "': prediction", available);
        if (Inputs.shapeOf(pType) != Shape.VECTOR) {
            throw JobException.usage("loss '" + e.name() + "' with multioutput scores arrays per output; prediction '"
                    + prediction + "' has type " + pType.simpleString());
        }
        Map<String, Object> params = new LinkedHashMap<>(e.params());
        params.put(ArrayOptions.OUTPUTS.name(), universes.outputs(prediction, e.name()));
        return params;
    }

    static DataType typeOf(Dataset<Row> input, String expression, String role, List<String> available) {
        try {
            return input.select(functions.expr(expression)).schema().fields()[0].dataType();
        } catch (Exception e) {
            if (!(e instanceof AnalysisException)) {
                throw e;
            }
            String reason = e.getMessage() == null ? "" : e.getMessage();
            if (reason.contains("UNRESOLVED_COLUMN") || reason.contains("cannot be resolved")) {
                throw JobException.usage(role + " '" + expression + "' names a column that is not in the input; columns are "
                        + String.join(", ", available));
            }
            throw JobException.usage(role + " '" + expression + "' is not a valid column or Spark SQL expression: "
                    + reason.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim());
        }
    }

    /** Group values as Spark groups them: -0.0 is 0.0 and every NaN is the same NaN. */
    static Column normalized(Column c, DataType type) {
        if (type instanceof DoubleType || type instanceof FloatType) {
            Column zero = functions.lit(0).cast(type);
            Column nan = functions.lit("NaN").cast(type);
            return functions.when(functions.isnan(c), nan).when(c.equalTo(zero), zero).otherwise(c);
        }
        return c;
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
