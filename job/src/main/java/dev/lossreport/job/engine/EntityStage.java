package dev.lossreport.job.engine;

import dev.lossreport.job.JobException;
import dev.lossreport.loss.EntityLoss;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The per-entity stage, run before the one pass when the losses are computed per query (ranking) or
 * per example (bias and variance over replicates).
 *
 * <p>The row-level projection is shuffled by the entity key and sorted within each partition by
 * (key, order id descending). Spark's sort spills to disk, so no entity is collected to the driver
 * or packed into one row; each partition is then read entity by entity ({@link EntityAggregation}):
 * the rows of one entity are held in primitive arrays, one {@code EntityRows} per input binding
 * (up to about 100 bytes per row and score column, at most {@code max_entity_rows} rows), every loss computes
 * the entity's value, and the entity becomes one row of the <em>entity table</em>: its group values,
 * one value per loss (NaN when it does not count) and its weight per weighted binding. The pass
 * scans that table like any input, so per-entity values are reduced exactly as a mean loss.
 *
 * <p>Problems that make slices or values ill-defined are counted while the stage runs and raised by
 * {@link #verify()} after the pass, before a report is published: an entity with more rows than
 * allowed, a group column or weight that varies within an entity.
 */
public final class EntityStage implements Serializable {
    /** Count slots: the input rows and join sides first, as {@link PartitionCounts#ROWS} and the rest. */
    static final int ENTITIES = PartitionCounts.INPUT_WIDTH;
    static final int WITHOUT_LABELS = ENTITIES + 1;
    static final int REPEATED_IDS = ENTITIES + 2;
    static final int TOO_LARGE = ENTITIES + 3;
    static final int GROUP_VARIES = ENTITIES + 4;
    static final int WEIGHT_VARIES = ENTITIES + 5;
    static final int WIDTH = ENTITIES + 6;

    /** One input binding as the stage reads it: ordinals in the row projection (-1: not given). */
    public record Binding(int prediction, int label, int weight, String weightName) implements Serializable {
    }

    /**
     * What the stage reads from the row projection: the group columns at ordinals 0..G-1 (names and
     * types), the entity key and order columns, the bindings and the join side (-1 for one table).
     */
    public record Layout(String kind, String orderRole, List<String> groupNames, List<DataType> groupTypes,
                         List<String> keyNames, int[] keyOrdinals, List<DataType> keyTypes,
                         String orderName, int orderOrdinal, DataType orderType,
                         List<Binding> bindings, int side, long maxRows) implements Serializable {
    }

    private final Layout layout;
    private final int losses;
    private final PartitionCounts counts;
    private final CollectionAccumulator<String> samples;
    private final transient Dataset<Row> entities;

    private EntityStage(Layout layout, int losses, PartitionCounts counts, CollectionAccumulator<String> samples,
                        Dataset<Row> entities) {
        this.layout = layout;
        this.losses = losses;
        this.counts = counts;
        this.samples = samples;
        this.entities = entities;
    }

    /** The stage over a row projection; {@code inputOf[i]} is the binding loss i reads. Lazy: no Spark job runs here. */
    public static EntityStage over(Dataset<Row> rows, Layout layout, List<EntityLoss> losses, int[] inputOf) {
        var session = (org.apache.spark.sql.classic.SparkSession) rows.sparkSession();
        // Unnamed, as the pass's own counts: Spark's listener renders named accumulators while tasks add to them.
        PartitionCounts counts = new PartitionCounts(WIDTH);
        session.sparkContext().register(counts);
        CollectionAccumulator<String> samples = new CollectionAccumulator<>();
        session.sparkContext().register(samples);

        String[] fields = rows.columns();
        List<Column> key = new ArrayList<>();
        for (int k : layout.keyOrdinals()) {
            key.add(rows.col(fields[k]));
        }
        List<Column> order = new ArrayList<>(key);
        order.add(rows.col(fields[layout.orderOrdinal()]).desc_nulls_last());
        Dataset<Row> sorted = rows.repartition(key.toArray(Column[]::new)).sortWithinPartitions(order.toArray(Column[]::new));
        RDD<InternalRow> in = ((org.apache.spark.sql.classic.Dataset<Row>) sorted).queryExecution().toRdd();
        JavaRDD<InternalRow> out = in.toJavaRDD().mapPartitions(
                new EntityAggregation(layout, losses.toArray(EntityLoss[]::new), inputOf.clone(), counts, samples));
        Dataset<Row> entities = session.internalCreateDataFrame(out.rdd(), schema(layout, losses.size()), false);
        return new EntityStage(layout, losses.size(), counts, samples, entities);
    }

    /** The entity table: group columns, {@code __v<i>} per loss, {@code __ew<b>} per weighted binding. */
    public Dataset<Row> entities() {
        return entities;
    }

    /** Ordinal in the entity table of loss i's value. */
    public int valueOrdinal(int loss) {
        return layout.groupTypes().size() + loss;
    }

    /** Ordinal in the entity table of binding b's entity weight, or -1 when the binding has no weight. */
    public int weightOrdinal(int binding) {
        if (layout.bindings().get(binding).weight() < 0) {
            return -1;
        }
        int o = layout.groupTypes().size() + losses;
        for (int b = 0; b < binding; b++) {
            if (layout.bindings().get(b).weight() >= 0) {
                o++;
            }
        }
        return o;
    }

    static StructType schema(Layout layout, int losses) {
        List<StructField> f = new ArrayList<>();
        for (int g = 0; g < layout.groupTypes().size(); g++) {
            f.add(DataTypes.createStructField("__g" + g, layout.groupTypes().get(g), true));
        }
        for (int i = 0; i < losses; i++) {
            f.add(DataTypes.createStructField("__v" + i, DataTypes.DoubleType, false));
        }
        for (int b = 0; b < layout.bindings().size(); b++) {
            if (layout.bindings().get(b).weight() >= 0) {
                f.add(DataTypes.createStructField("__ew" + b, DataTypes.DoubleType, false));
            }
        }
        return DataTypes.createStructType(f);
    }

    /** Input rows and join sides, in the layout of {@link PartitionCounts} (valid once the pass has run). */
    public long[] inputCounts() {
        return java.util.Arrays.copyOf(counts.totals(), PartitionCounts.INPUT_WIDTH);
    }

    /** What {@code _run.json} records of the stage (valid once the pass has run). */
    public Map<String, Object> summary() {
        long[] t = counts.totals();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", layout.kind());
        m.put("key", layout.keyNames());
        m.put(layout.orderRole(), layout.orderName());
        m.put("max_rows", layout.maxRows());
        m.put("count", t[ENTITIES]);
        m.put("without_labels", t[WITHOUT_LABELS]);
        m.put("with_repeated_or_null_" + layout.orderRole() + "_ids", t[REPEATED_IDS]);
        return m;
    }

    /** Fails the run when an entity could not be computed or a slice is ill-defined; call after the pass. */
    public void verify() {
        long[] t = counts.totals();
        String kind = layout.kind();
        if (t[TOO_LARGE] > 0) {
            throw JobException.input(sample(TOO_LARGE) + of(t[TOO_LARGE], kind) + "; raise max_entity_rows if the executors "
                    + "have the memory (up to about 100 bytes per row and score column are held while one " + kind + " is computed)");
        }
        if (t[GROUP_VARIES] > 0) {
            throw JobException.usage(sample(GROUP_VARIES) + of(t[GROUP_VARIES], kind) + ": a slice groups whole "
                    + plural(kind) + ", so its group_by columns must be constant within a " + kind
                    + " (rows where a column is null do not count)");
        }
        if (t[WEIGHT_VARIES] > 0) {
            throw JobException.usage(sample(WEIGHT_VARIES) + of(t[WEIGHT_VARIES], kind) + ": a per-" + kind
                    + " loss weighs each " + kind + ", so the weight must be constant within a " + kind
                    + " (rows where it is null do not count)");
        }
    }

    private String sample(int slot) {
        LinkedHashSet<String> found = new LinkedHashSet<>();
        for (String s : samples.value()) {
            if (s.startsWith(slot + ":")) {
                found.add(s.substring(s.indexOf(':') + 1));
            }
        }
        return found.stream().sorted().findFirst().orElse("a " + layout.kind() + " could not be computed");
    }

    private static String of(long n, String kind) {
        return n > 1 ? " (and " + (n - 1) + " more " + (n > 2 ? plural(kind) : kind) + ")" : "";
    }

    private static String plural(String kind) {
        return kind.equals("query") ? "queries" : kind + "s";
    }
}
