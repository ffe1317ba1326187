package dev.lossreport.loss.regression;

import dev.lossreport.loss.Direction;
import dev.lossreport.loss.ElementwiseLoss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import dev.lossreport.loss.Shape;
import dev.lossreport.loss.Signature;

/**
 * Peak signal-to-noise ratio of images given as arrays of pixels (any layout, one array per image):
 * per image, PSNR_i = 10 * log10(R^2 / MSE_i) with MSE_i the mean squared error over the image's kept
 * pixels and R = {@code data_range} (1.0 for images scaled to [0, 1], 255 for 8-bit images); the slice
 * value is the weighted mean over images of PSNR_i (TensorFlow's {@code tf.image.psnr} per image,
 * then averaged). Higher is better, in decibels. An image equal to its reference has MSE_i = 0 and
 * PSNR_i = +Infinity, which makes its slice's mean +Infinity.
 *
 * <p>{@code pooled=true} gives instead 10 * log10(R^2 / MSE) of the slice's MSE (the weighted mean
 * of MSE_i), which stays finite unless every image is exact, and is always below or equal to the
 * mean of per-image PSNRs (log is concave). Domain: equal-length arrays of finite values.
 */
public final class Psnr extends ElementwiseLoss {
    public static final LossType TYPE = LossType.named("psnr")
            .formula("mean over images of 10*log10(data_range^2 / mse_image)")
            .domain("equal-length arrays of finite p and y (one array per image)")
            .direction(Direction.HIGHER_IS_BETTER)
            .signature(Signature.of(Shape.VECTOR, Shape.VECTOR))
            .params(Param.real("data_range", 1.0, "the range of pixel values R: 1.0 for [0, 1] images, 255 for 8-bit",
                            r -> r > 0 && r < Double.POSITIVE_INFINITY, "a finite number > 0"),
                    Param.bool("pooled", false, "10*log10(R^2 / mse) of the slice's mse instead of the mean of per-image PSNRs")
                            .hiddenWhenDefault())
            .build(Psnr::new);

    private final double peak2;
    private final boolean pooled;

    private Psnr(Params params) {
        super(TYPE, params);
        double r = params.real("data_range");
        this.peak2 = r * r;
        this.pooled = params.bool("pooled");
    }

    @Override
    protected double term(double p, double y) {
        double e = p - y;
        return e * e;
    }

    @Override
    protected double finishRow(double mse) {
        return pooled ? mse : decibels(mse);
    }

    @Override
    protected double finish(double reduced) {
        return pooled ? decibels(reduced) : reduced;
    }

    private double decibels(double mse) {
        return 10 * Math.log10(peak2 / mse);
    }
}
