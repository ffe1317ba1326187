package dev.lossreport.loss;

/**
 * The family of losses computed per entity and then averaged over the entities of a slice: a query's
 * list of items (ranking metrics and losses) or an example's predictions by several replicates (the
 * bias and variance decomposition).
 *
 * <p>Two stages, one obvious way. First the job gathers the rows of each entity, in the order of the
 * item (replicate) id descending, into {@link EntityRows} and asks {@link #entityValue} for the
 * entity's value v_e (NaN when the entity cannot count). Then each entity is one row of the normal
 * pass: its value arrives as the prediction of an {@link Example} weighted by the entity weight w_e
 * (query or example weight, 1 by default), so the slice value is the mean loss
 * sum(w_e * v_e) / sum(w_e), with the same reductions, merge, invalid counting and report as every
 * {@link MeanLoss}. {@code rows} and {@code invalid_rows} then count entities.
 */
public abstract class EntityLoss extends MeanLoss {

    /** What one entity is, with the names of its two column roles (key and order). */
    public enum Kind {
        /** A ranked list: the rows of one query, ordered by score; items are ids. */
        QUERY("query", "item"),
        /** One labelled example with one prediction per replicate (or model). */
        EXAMPLE("example", "replicate");

        private final String role;
        private final String orderRole;

        Kind(String role, String orderRole) {
            this.role = role;
            this.orderRole = orderRole;
        }

        /** The config key and flag naming the entity key column(s): {@code query} or {@code example}. */
        public String role() {
            return role;
        }

        /** The config key and flag naming the id of a row within its entity: {@code item} or {@code replicate}. */
        public String orderRole() {
            return orderRole;
        }
    }

    protected EntityLoss(LossType type, Params params) {
        super(type, params);
    }

    /** The kind of entity whose rows this loss reads. */
    public abstract Kind entity();

    /** The entity's value from all its rows (one input binding), or NaN when the entity does not count. */
    public abstract double entityValue(EntityRows rows);

    /** Per-entity values come from all rows of an entity, not from pairs an array option could lift. */
    @Override
    public final boolean liftsToArrays() {
        return false;
    }

    /** In the pass over entities, the prediction is the entity's value: it counts when finite. */
    @Override
    public final boolean inDomain(Example x) {
        return !x.predictionIsVector && Double.isFinite(x.prediction);
    }

    @Override
    public final double pointwise(Example x) {
        return x.prediction;
    }
}
