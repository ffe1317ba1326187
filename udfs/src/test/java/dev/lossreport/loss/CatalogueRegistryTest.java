package dev.lossreport.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Canonical specs, aliases and parameter errors of the catalogue's losses, one row each. */
class CatalogueRegistryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "pinball(alpha=0.1); quantile(alpha=0.1)",
            "quantile; quantile(alpha=0.5)",
            "sparse_cce; cce(eps=1e-15)",
            "mape; mape",
            "mape(percent=true, eps=1e-7); mape(eps=1e-7,percent=true)",
            "msle(floor=1e-7); msle(floor=1e-7)",
            "poisson_deviance; poisson_deviance",
            "tweedie_deviance(power=1.5); tweedie_deviance(power=1.5)",
            "poisson_nll; poisson_nll(eps=1e-7)",
            "r2(through_origin=true); r2(through_origin=true)",
            "median_absolute_error; median_absolute_error",
            "d2_pinball(alpha=0.9, quantile_method=linear); d2_pinball(alpha=0.9,quantile_method=linear)",
            "d2_tweedie(power=2); d2_tweedie(power=2.0)",
            "hinge(pos_label=2); hinge(pos_label=2.0)",
            "focal; focal(eps=1e-15)",
            "focal(gamma=3); focal(gamma=3.0,eps=1e-15)",
            "focal(alpha=0.25, from_logits=true); focal(alpha=0.25,eps=1e-15,from_logits=true)",
            "categorical_focal; categorical_focal(eps=1e-15)",
            "categorical_focal(alpha=0.5); categorical_focal(alpha=0.5,eps=1e-15)",
            "accuracy; accuracy",
            "zero_one(threshold=0.3); zero_one(threshold=0.3)",
            "hamming(predicted_class=true); hamming(predicted_class=true)",
            "top_k_accuracy; top_k_accuracy(k=2)",
            "d2_log_loss(num_classes=3); d2_log_loss(num_classes=3,eps=1e-15)"})
    void canonicalSpec(String spec, String canonical) {
        assertEquals(canonical, Losses.parse(spec).spec());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tweedie_deviance(power=0.5)| loss 'tweedie_deviance': parameter 'power' must be a finite number <= 0 or >= 1, got 0.5",
            "d2_tweedie(power=0.2)| loss 'd2_tweedie': parameter 'power' must be a finite number <= 0 or >= 1, got 0.2",
            "quantile(alpha=1.5)| loss 'quantile': parameter 'alpha' must be a number in [0, 1], got 1.5",
            "pinball(alpha=-0.1)| loss 'quantile': parameter 'alpha' must be a number in [0, 1], got -0.1",
            "top_k_accuracy(k=0)| loss 'top_k_accuracy': parameter 'k' must be an integer >= 1, got 0",
            "top_k_accuracy(k=1.5)| loss 'top_k_accuracy': parameter 'k' must be an integer, got '1.5'",
            "d2_log_loss(num_classes=1)| loss 'd2_log_loss': parameter 'num_classes' must be an integer in [2, 10000], got 1",
            "median_absolute_error(quantile_method=nearest)| loss 'median_absolute_error': parameter 'quantile_method' "
                    + "must be one of averaged_inverted_cdf, inverted_cdf, linear, got 'nearest'",
            "hinge(pos_label=yes)| loss 'hinge': parameter 'pos_label' must be a number, got 'yes'",
            "focal(alpha=2)| loss 'focal': parameter 'alpha' must be a number in [0, 1], got 2.0",
            "focal(gamma=-1)| loss 'focal': parameter 'gamma' must be a finite number >= 0, got -1.0",
            "msle(floor=-1)| loss 'msle': parameter 'floor' must be a finite number > -1, got -1.0",
            "mape(percent=maybe)| loss 'mape': parameter 'percent' must be true or false, got 'maybe'",
            "d2_absolute_error(alpha=0.3)| loss 'd2_absolute_error' has no parameter 'alpha'; its parameters are quantile_method",
            "max_error(reduction=sum)| loss 'max_error' has no parameter 'reduction'; its parameters are multioutput, outputs, flatten",
            "poisson_deviance(power=1)| loss 'poisson_deviance' has no parameter 'power'; its parameters are reduction, multioutput, outputs, flatten",
            "median_error| unknown loss 'median_error' (did you mean 'mean_error'?); known losses: mse,"})
    void badParametersNameTheValidChoices(String spec, String message) {
        LossException e = assertThrows(LossException.class, () -> Losses.parse(spec));
        if (message.endsWith(",")) {
            assertEquals(message, e.getMessage().substring(0, message.length()));
        } else {
            assertEquals(message, e.getMessage());
        }
    }
}
