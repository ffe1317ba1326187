package dev.lossreport.loss.classification;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.MeanLoss;
import dev.lossreport.loss.Params;

/**
 * Zero-one loss: the weighted share of rows whose predicted class differs from the label, 1 - accuracy
 * (scikit-learn's {@code zero_one_loss}); a multi-label row is an error unless every label matches.
 * {@code reduction=sum} gives the weighted count of errors ({@code normalize=False}). Predicted classes
 * as {@link Decisions}, with {@code threshold} for scores.
 */
public final class ZeroOne extends Decisions {
    public static final LossType TYPE = LossType.named("zero_one")
            .formula("[predicted class != label]; p predicts 1 when p > threshold, arrays their argmax")
            .domain("p a score with label 0 or 1; an array with a class index or a 0/1 label array; "
                    + "any numbers with predicted_class")
            .signature(SIGNATURE)
            .params(THRESHOLD, PREDICTED_CLASS, MeanLoss.REDUCTION)
            .build(ZeroOne::new);

    private ZeroOne(Params params) {
        super(TYPE, params);
    }

    @Override
    protected double fromMismatches(int wrong, int cells) {
        return wrong == 0 ? 0.0 : 1.0;
    }
}
