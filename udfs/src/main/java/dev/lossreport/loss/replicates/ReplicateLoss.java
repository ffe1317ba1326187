package dev.lossreport.loss.replicates;

import dev.lossreport.loss.EntityLoss;
import dev.lossreport.loss.EntityRows;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;

/**
 * The bias and variance decomposition of an expected loss over several predictions per example, as
 * mlxtend's {@code bias_variance_decomp} defines it: a value per example from its {@link Replicates},
 * then the weighted mean over the examples of the slice (example weight 1 unless a weight column is
 * given). With {@code loss=squared} expected loss = bias^2 + variance exactly; with {@code loss=zero_one}
 * (class labels compared exactly, main prediction the mode) the three are reported as defined and do
 * not add up in general.
 */
public abstract class ReplicateLoss extends EntityLoss {
    public static final Param LOSS = Param.choice("loss", "squared",
            "squared: (p - y)^2 with the mean as main prediction; zero_one: [p != y] with the mode (ties to the smallest)",
            "squared", "zero_one");

    /** Whether this is the 0-1 loss's decomposition (else the squared loss's). */
    protected final boolean zeroOne;

    protected ReplicateLoss(LossType type, Params params) {
        super(type, params);
        this.zeroOne = params.text("loss").equals("zero_one");
    }

    @Override
    public final Kind entity() {
        return Kind.EXAMPLE;
    }

    @Override
    public final double entityValue(EntityRows rows) {
        Replicates x = rows.derived(Replicates.class, Replicates::of);
        return x.valid() ? perExample(x) : Double.NaN;
    }

    protected abstract double perExample(Replicates x);
}
