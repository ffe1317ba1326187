package dev.lossreport.loss.classification;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Hamming loss: the weighted mean over rows of the fraction of a row's labels that are wrong
 * (scikit-learn's {@code hamming_loss}); for one label per row it is the zero-one loss. Row weights
 * apply to each row's fraction. Predicted classes as {@link Decisions}.
 */
public final class Hamming extends Decisions {
    public static final LossType TYPE = LossType.named("hamming")
            .formula("(wrong labels of the row) / (labels of the row)")
            .domain("p a score with label 0 or 1; an array with a class index or a 0/1 label array; "
                    + "any numbers with predicted_class")
            .signature(SIGNATURE)
            .params(THRESHOLD, PREDICTED_CLASS, MeanLoss.REDUCTION)
            .build(Hamming::new);

    private Hamming(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double fromMismatches(int wrong, int cells) {
        return (double) wrong / cells;
    }
}
