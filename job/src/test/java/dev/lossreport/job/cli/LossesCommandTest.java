package dev.lossreport.job.cli;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Losses;
import dev.lossreport.loss.Param;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lossreport losses}: the catalogue lists every loss in full, and mistakes name the valid choices. */
class LossesCommandTest {

    /** Runs the CLI with standard output and error captured: exit code, out, err. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new String[]{String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theCatalogueListsEveryLossWithParametersDefaultsDirectionFormulaAndDomain() {
        String[] r = run("losses");
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        for (LossType t : Losses.list()) {
            String head = LossesCommand.signature(t) + "  [" + t.direction().text() + "]";
            int at = out.indexOf("\n" + head + "\n");
            assertTrue(at >= 0, "no entry " + head);
            String entry = out.substring(at + 1).split("\n\n")[0];
            assertTrue(entry.contains("\n    " + t.formula() + "\n"), t.name() + " formula");
            assertTrue(entry.endsWith("    domain: " + t.domain()) || entry.contains("    domain: " + t.domain() + "\n"),
                    t.name() + " domain");
            for (Param p : t.params()) {
                assertTrue(head.contains(p.name() + "="), t.name() + " lists " + p.name());
            }
        }
        assertTrue(out.contains("huber(delta=1.0, reduction=mean, multioutput=unset, outputs=unset, flatten=false)  [lower is better]"), out);
        assertTrue(out.contains("hinge(pos_label=unset, reduction=mean, multioutput=unset, outputs=unset, flatten=false)  [lower is better]"), out);
        assertTrue(out.contains("accuracy(threshold=0.5, predicted_class=false, reduction=mean, multioutput=unset, outputs=unset, flatten=false)  [higher is better]"), out);
        assertTrue(out.contains("calibration(multioutput=unset, outputs=unset, flatten=false)  [closest to 1 is best]"), out);
        assertTrue(out.contains("Other names: bce_logits = bce{from_logits=true}, log_loss = cce, sparse_cce = cce, pinball = quantile"),
                out);
    }

    @Test
    void oneLossInFull() {
        String[] r = run("losses", "d2_pinball(alpha=0.9, quantile_method=linear)");
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.startsWith("d2_pinball\n  formula:    1 - sum(w*pinball(y, p))"), out);
        assertTrue(out.contains("  direction:  higher is better\n"), out);
        assertTrue(out.contains("  inputs:     prediction number, label number\n"), out);
        assertTrue(out.contains("    alpha            a number, default 0.5: the quantile level"), out);
        assertTrue(out.contains("    quantile_method  one of averaged_inverted_cdf, inverted_cdf, linear, default averaged_inverted_cdf"), out);
        assertTrue(out.contains("  spec:       d2_pinball(alpha=0.9,quantile_method=linear)"), out);

        out = run("losses", "pinball")[1];
        assertTrue(out.startsWith("quantile\n"), out);
        assertTrue(out.contains("  'pinball' is another name for quantile"), out);
        out = run("losses", "max_error")[1];
        assertTrue(out.contains("    multioutput      one of uniform_average, raw_values, variance_weighted"), out);
    }

    @Test
    void unknownNamesAndBadParametersAreUsageErrorsNamingTheChoices() {
        String[] r = run("losses", "median_ae");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("lossreport: unknown loss 'median_ae'"), r[2]);
        assertTrue(r[2].contains("known losses: mse, rmse, mae,") && r[2].contains("median_absolute_error"), r[2]);
        r = run("losses", "top_k_accuracy(k=0)");
        assertEquals("2", r[0]);
        assertEquals("lossreport: loss 'top_k_accuracy': parameter 'k' must be an integer >= 1, got 0", r[2].strip());
        r = run("losses", "d2_pinball(aplha=0.9)");
        assertEquals("2", r[0]);
        assertEquals("lossreport: loss 'd2_pinball' has no parameter 'aplha'; its parameters are alpha, quantile_method",
                r[2].strip());
        r = run("losses", "mape(percent=yes)");
        assertEquals("lossreport: loss 'mape': parameter 'percent' must be true or false, got 'yes'", r[2].strip());
    }
}
