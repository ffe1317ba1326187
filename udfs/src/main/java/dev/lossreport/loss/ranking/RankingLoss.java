package dev.lossreport.loss.ranking;

import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.EntityRows;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

import java.util.List;

/**
 * Ranking metrics and losses: a value per query from its {@link Ranking} (score = prediction,
 * relevance = label), then the weighted mean over the queries of the slice (query weight 1 unless a
 * weight column is given). A query without judgments, or with a non-finite score or relevance, is
 * counted in {@code invalid_rows}. A query with judgments but no relevant item scores 0 on every
 * metric and counts.
 */
public abstract class RankingLoss extends EntityLoss {

    /** A cutoff that may be unset: only the top k ranks count; unset, the whole list does. */
    public static final Param K_OPTIONAL = new Param("k", Param.Kind.INT, null,
            "cutoff: only the top k ranks count (unset: the whole list)", v -> (Integer) v >= 1, "an integer >= 1",
            List.of(), true);

    /** The domain every ranking loss shares, as {@code lossreport losses} shows it. */
    public static final String DOMAIN = "per query (needs query and item columns): finite scores and relevances; "
            + "a query without judgments does not count";

    /** A cutoff with a default, for the metrics that are only defined at a depth. */
    public static Param cutoff(int dflt) {
        return Param.integer("k", dflt, "cutoff: the top k ranks", k -> k >= 1, "an integer >= 1");
    }

    /** The reduction of the count metrics: by default their sum over the slice's queries, as trec_eval. */
    public static final Param COUNT_REDUCTION = Param.choice("reduction", "sum",
            "sum: sum(w*count) over queries (trec_eval's totals); mean: sum(w*count)/sum(w); sum_over_batch_size: sum(w*count)/queries",
            "mean", "sum", "sum_over_batch_size").hiddenWhenDefault();

    protected RankingLoss(LossType type, Params params) {
        super(type, params);
    }

    @Override
    public final Kind entity() {
        return Kind.QUERY;
    }

    @Override
    public final double entityValue(EntityRows rows) {
        Ranking q = rows.derived(Ranking.class, Ranking::of);
        return q.valid() ? perQuery(q) : Double.NaN;
    }

    /** The query's value; NaN when it does not count for this loss. */
    protected abstract double perQuery(Ranking q);

    /** The number of ranks a cutoff lets through: all retrieved items when k is unset. */
    protected static int depth(Integer k, Ranking q) {
        return k == null ? q.retrieved() : Math.min(k, q.retrieved());
    }

    /** The optional cutoff {@code k} of these parameters, null when unset. */
    protected static Integer optionalK(Params params) {
        return (Integer) params.asMap().get("k");
    }
}
