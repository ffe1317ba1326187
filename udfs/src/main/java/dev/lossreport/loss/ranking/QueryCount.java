package dev.lossreport.loss.ranking;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Signature;

/**
 * trec_eval's counts, per query and summed over the queries of the slice (weighted by the query
 * weight, 1 by default; {@code reduction=mean} gives the mean per query instead):
 * {@code num_ret} retrieved items, {@code num_rel} relevant judged items (retrieved or not),
 * {@code num_rel_ret} relevant retrieved items.
 */
public final class QueryCount extends RankingLoss {
    private enum Count { RETRIEVED, RELEVANT, RELEVANT_RETRIEVED }

    public static final LossType NUM_RET = type("num_ret", "retrieved items", Count.RETRIEVED);
    public static final LossType NUM_REL = type("num_rel", "relevant judged items, retrieved or not", Count.RELEVANT);
    public static final LossType NUM_REL_RET = type("num_rel_ret", "relevant retrieved items", Count.RELEVANT_RETRIEVED);

    private final Count count;

    private QueryCount(LossType type, Params params, Count count) {
        super(type, params);
        this.count = count;
    }

    private static LossType type(String name, String what, Count count) {
        return LossType.named(name)
                .formula("sum over queries of the number of " + what)
                .domain(DOMAIN)
                .direction(Direction.NONE)
                .signature(Signature.SCALAR)
                .params(COUNT_REDUCTION)
                .build(p -> new QueryCount(typeOf(count), p, count));
    }

    private static LossType typeOf(Count count) {
        return switch (count) {
            case RETRIEVED -> NUM_RET;
            case RELEVANT -> NUM_REL;
            case RELEVANT_RETRIEVED -> NUM_REL_RET;
        };
    }

    @Override
    protected double perQuery(Ranking q) {
        return switch (count) {
            case RETRIEVED -> q.retrieved();
            case RELEVANT -> q.relevant();
            case RELEVANT_RETRIEVED -> q.hits(q.retrieved());
        };
    }
}
