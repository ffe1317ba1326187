package dev.lossreport.loss.classification;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Accuracy: the weighted share of rows whose predicted class equals the label (scikit-learn's
 * {@code accuracy_score}); a multi-label row counts as correct only when every label matches (subset
 * accuracy). Predicted classes as {@link Decisions}. {@code reduction=sum} gives the weighted count
 * of correct rows ({@code normalize=False}). Higher is better.
 */
public final class Accuracy extends Decisions {
    public static final LossType TYPE = LossType.named("accuracy")
            .formula("[predicted class == label]; p predicts 1 when p > threshold, arrays their argmax")
            .domain("p a score with label 0 or 1; an array with a class index or a 0/1 label array; "
                    + "any numbers with predicted_class")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(SIGNATURE)
            .params(THRESHOLD, PREDICTED_CLASS, MeanLoss.REDUCTION)
            .build(Accuracy::new);

    private Accuracy(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double fromMismatches(int wrong, int cells) {
        return wrong == 0 ? 1.0 : 0.0;
    }
}
