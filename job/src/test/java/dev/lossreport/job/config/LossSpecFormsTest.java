package dev.lossreport.job.config;

import dev.lossreport.job.JobException;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.plan.PassPlan;
import dev.lossreport.loss.Losses;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loss in the config as a spec string or as a map gives the same loss, for every kind of parameter
 * the catalogue uses: numbers, integers, booleans, choices and optional numbers; a bad value in either
 * form is a usage error that names the loss, the parameter and what it must be.
 */
class LossSpecFormsTest {

    private static List<String> specs(String losses) {
        JobConfig c = JobTestSupport.config("prediction: p\nlabel: y\nlosses:\n" + losses);
        return c.losses().stream().map(e -> Losses.create(e.name(), e.params()).spec()).toList();
    }

    @Test
    void stringsAndMapsGiveTheSameLoss() {
        List<String> strings = specs("""
                  - "d2_pinball(alpha=0.9, quantile_method=linear)"
                  - top_k_accuracy(k=3)
                  - mape(percent=true)
                  - hinge(pos_label=2)
                  - msle(floor=1e-7)
                  - tweedie_deviance(power=1.5)
                  - focal(gamma=3, alpha=0.25, from_logits=true)
                  - d2_log_loss(num_classes=4)
                """);
        List<String> maps = specs("""
                  - {name: d2_pinball, alpha: 0.9, quantile_method: linear}
                  - {name: top_k_accuracy, k: 3}
                  - {name: mape, percent: true}
                  - {name: hinge, pos_label: 2}
                  - {name: msle, floor: 1.0e-7}
                  - {name: tweedie_deviance, power: 1.5}
                  - {name: focal, gamma: 3, alpha: 0.25, from_logits: true}
                  - {name: d2_log_loss, num_classes: 4}
                """);
        assertEquals(List.of("d2_pinball(alpha=0.9,quantile_method=linear)", "top_k_accuracy(k=3)", "mape(percent=true)",
                "hinge(pos_label=2.0)", "msle(floor=1e-7)", "tweedie_deviance(power=1.5)",
                "focal(gamma=3.0,alpha=0.25,eps=1e-15,from_logits=true)", "d2_log_loss(num_classes=4,eps=1e-15)"), strings);
        assertEquals(strings, maps);
        // a map may also name its parameters inside the name
        assertEquals(List.of("quantile(alpha=0.1)"), specs("  - {name: \"pinball(alpha=0.1)\"}\n"));
    }

    @Test
    void badValuesInEitherFormAreUsageErrors() {
        Dataset<Row> input = JobTestSupport.spark().sql("SELECT 0.5 AS p, 1.0 AS y");
        for (String[] c : new String[][]{
                {"  - {name: top_k_accuracy, k: 1.5}", "loss 'top_k_accuracy': parameter 'k' must be an integer, got '1.5'"},
                {"  - top_k_accuracy(k=three)", "loss 'top_k_accuracy': parameter 'k' must be an integer, got 'three'"},
                {"  - {name: mape, percent: 1}", "loss 'mape': parameter 'percent' must be true or false, got '1'"},
                {"  - {name: d2_pinball, quantile_method: median}",
                        "loss 'd2_pinball': parameter 'quantile_method' must be one of averaged_inverted_cdf, inverted_cdf, linear, got 'median'"},
                {"  - {name: tweedie_deviance, power: 0.5}",
                        "loss 'tweedie_deviance': parameter 'power' must be a finite number <= 0 or >= 1, got 0.5"},
                {"  - {name: hinge, pos_label: [1, 2]}", "loss 'hinge': parameter 'pos_label' must be a number, got '[1, 2]'"}}) {
            // reported when the config is read, before any data
            JobException e = assertThrows(JobException.class,
                    () -> PassPlan.build(JobTestSupport.config("prediction: p\nlabel: y\nlosses:\n" + c[0] + "\n"), input), c[0]);
            assertEquals(JobException.USAGE, e.exitCode());
            assertEquals("losses[0]: " + c[1], e.getMessage().substring(0, Math.min(e.getMessage().length(), c[1].length() + 11)),
                    c[0] + ": " + e.getMessage());
        }
    }
}
