package dev.lossreport.job.plan;

import dev.lossreport.job.JobException;
import dev.lossreport.job.config.JobConfig;
import dev.lossreport.job.engine.EntityStage;
import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossSet;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Losses;
import dev.lossreport.spark.InternalValues;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan of a pass over per-entity losses (ranking per query, bias and variance per example).
 * {@link PassPlan#build} projects the input as for any loss (group columns, bindings, join side) and
 * adds the entity key and order columns; here that row projection goes through the per-entity stage
 * ({@link EntityStage}) and the pass scans its entity table instead: one row per entity, whose
 * "prediction" for loss i is the entity's value and whose weight is the entity weight. Reports still
 * name the columns the user gave.
 */
final class EntityPlan {
    static final String KEY = "__k";
    static final String ORDER = "__o";

    private EntityPlan() {
    }

    /** The entity key and order columns for the row projection (checked against the input); none without entity roles. */
    static List<Column> keyColumns(JobConfig config, Dataset<Row> input, List<String> available) {
        JobConfig.Entity e = config.entity();
        if (e == null) {
            return List.of();
        }
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < e.key().size(); i++) {
            out.add(id(input, e.key().get(i), e.kind(), available).alias(KEY + i));
        }
        out.add(id(input, e.order(), orderRole(e), available).alias(ORDER));
        return out;
    }

    /** The pass over entities built from the row-level plan, or {@code rows} itself when losses are per row. */
    static PassPlan perEntity(JobConfig config, PassPlan rows) {
        JobConfig.Entity e = config.entity();
        LossSet set = rows.losses();
        if (e == null) {
            for (int i = 0; i < set.size(); i++) {
                if (set.loss(i) instanceof EntityLoss el) {
                    String role = el.entity().role();
                    String order = el.entity().orderRole();
                    throw JobException.usage("loss '" + el.spec() + "' is computed per " + role + ": name the " + role
                            + " and " + order + " columns (" + role + ": COL and " + order + ": COL in the config, or --"
                            + role + " COL --" + order + " COL)");
                }
            }
            return rows;
        }
        List<EntityLoss> losses = new ArrayList<>();
        int[] inputOf = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            losses.add(entityLoss(set.loss(i), e));
            inputOf[i] = set.inputOf(i);
        }

        StructType schema = rows.prepared().schema();
        List<EntityStage.Binding> bindings = new ArrayList<>();
        for (int b = 0; b < rows.bindings().size(); b++) {
            PassPlan.Binding in = rows.bindings().get(b);
            bindings.add(new EntityStage.Binding(schema.fieldIndex("__p" + b),
                    in.label() == null ? -1 : schema.fieldIndex("__l" + b),
                    in.weight() == null ? -1 : schema.fieldIndex("__w" + b), in.weight()));
        }
        int[] keyOrdinals = new int[e.key().size()];
        List<DataType> keyTypes = new ArrayList<>();
        for (int k = 0; k < keyOrdinals.length; k++) {
            keyOrdinals[k] = schema.fieldIndex(KEY + k);
            keyTypes.add(schema.fields()[keyOrdinals[k]].dataType());
        }
        int order = schema.fieldIndex(ORDER);
        EntityStage.Layout layout = new EntityStage.Layout(e.kind(), orderRole(e),
                rows.groupColumns().stream().map(PassPlan.GroupColumn::name).toList(),
                rows.groupColumns().stream().map(PassPlan.GroupColumn::type).toList(),
                e.key(), keyOrdinals, keyTypes, e.order(), order, schema.fields()[order].dataType(),
                bindings, rows.sideOrdinal(), e.maxRows());
        EntityStage stage = EntityStage.over(rows.prepared(), layout, losses, inputOf);

        // In the entity table each loss reads its own value column: one binding per loss, named as the user's.
        List<PassPlan.Binding> perLoss = new ArrayList<>();
        int[] identity = new int[losses.size()];
        for (int i = 0; i < losses.size(); i++) {
            PassPlan.Binding in = rows.bindings().get(inputOf[i]);
            perLoss.add(new PassPlan.Binding(in.prediction(), in.label(), in.weight(), in.pair(),
                    new InternalValues(in.pair(), stage.valueOrdinal(i), -1, stage.weightOrdinal(inputOf[i]))));
            identity[i] = i;
        }
        return new PassPlan(rows.slicings(), rows.groupColumns(), List.copyOf(perLoss),
                new LossSet(new ArrayList<Loss>(losses), identity), -1, stage.entities(), stage);
    }

    private static EntityLoss entityLoss(Loss loss, JobConfig.Entity e) {
        if (loss instanceof EntityLoss el && el.entity().role().equals(e.kind())) {
            return el;
        }
        if (loss instanceof EntityLoss el) {
            throw JobException.usage("loss '" + loss.spec() + "' is computed per " + el.entity().role()
                    + "; this run groups rows per " + e.kind() + " (" + e.kind() + " and " + orderRole(e)
                    + " are set): one kind of entity per run");
        }
        throw JobException.usage("loss '" + loss.spec() + "' is a per-row loss; with " + e.kind() + " set, every loss is "
                + "computed per " + e.kind() + ": " + String.join(", ", namesPer(e.kind())));
    }

    private static List<String> namesPer(String kind) {
        List<String> names = new ArrayList<>();
        for (LossType t : Losses.list()) {
            if (t.create(Map.of()) instanceof EntityLoss el && el.entity().role().equals(kind)) {
                names.add(t.name());
            }
        }
        return names;
    }

    private static String orderRole(JobConfig.Entity e) {
        return e.kind().equals(JobConfig.Entity.QUERY) ? EntityLoss.Kind.QUERY.orderRole() : EntityLoss.Kind.EXAMPLE.orderRole();
    }

    /** An id column (entity key or order): a number, string, boolean, date or timestamp, normalized as group values are. */
    private static Column id(Dataset<Row> input, String expression, String role, List<String> available) {
        DataType type = PassPlan.typeOf(input, expression, role, available);
        if (!(type instanceof AtomicType)) {
            throw JobException.usage(role + " '" + expression + "' has type " + type.simpleString()
                    + "; an id must be a number, string, boolean, date or timestamp");
        }
        return PassPlan.normalized(functions.expr(expression), type);
    }
}
