package dev.lossreport.job.cli;

import dev.lossreport.loss.Loss;
import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Losses;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lossreport losses [SPEC]}: the loss catalogue (every loss with its parameters and defaults,
 * direction, formula and domain), or one loss in full. An unknown name or a bad parameter is a usage
 * error that names the valid choices.
 */
@Command(name = "losses", mixinStandardHelpOptions = true,
        description = {"Lists every loss with its parameters and defaults, direction, formula and domain.",
                "'losses NAME' shows one loss in full; 'losses SPEC' (e.g. 'huber(delta=2)') also checks the parameters."})
public final class LossesCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "A loss name or alias, optionally with parameters.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            Loss loss = Losses.parse(name);
            describe(loss.type(), loss, out);
            String alias = Losses.parseSpec(name).name();
            Losses.aliases().stream().filter(a -> a.name().equals(alias))
                    .forEach(a -> out.println("  '" + a.name() + "' is another name for " + a.target()
                            + (a.fixed().isEmpty() ? "" : " with " + a.fixed())));
            out.flush();
            return 0;
        }
        out.println("Every loss with its parameters (and defaults), direction, formula and domain; rows outside the");
        out.println("domain are counted in invalid_rows. 'lossreport losses NAME' shows one in full.");
        for (LossType t : Losses.list()) {
            out.println();
            out.println(signature(t) + "  [" + t.direction().text() + "]");
            out.println("    " + t.formula());
            out.println("    domain: " + t.domain());
        }
        out.println();
        out.println("Other names: " + String.join(", ", Losses.aliases().stream()
                .map(a -> a.name() + " = " + a.target() + (a.fixed().isEmpty() ? "" : a.fixed().toString())).toList()));
        out.flush();
        return 0;
    }

    /** {@code huber(delta=1.0, reduction=mean)}: the name with every parameter at its default. */
    static String signature(LossType t) {
        if (t.params().isEmpty()) {
            return t.name();
        }
        List<String> params = t.params().stream().map(p -> p.name() + "=" + defaultText(p)).toList();
        return t.name() + "(" + String.join(", ", params) + ")";
    }

    private static String defaultText(Param p) {
        return p.defaultValue() == null ? "unset" : Params.format(p.defaultValue());
    }

    static void describe(LossType t, Loss loss, PrintWriter out) {
        out.println(t.name());
        out.println("  formula:    " + t.formula());
        out.println("  domain:     " + t.domain() + "; rows outside it are counted in invalid_rows");
        out.println("  direction:  " + t.direction().text());
        out.println("  inputs:     " + t.signature());
        if (t.params().isEmpty()) {
            out.println("  parameters: none");
        } else {
            out.println("  parameters:");
            for (Param p : t.params()) {
                out.printf("    %-16s %s, default %s: %s%n", p.name(), p.expected(), defaultText(p), p.doc());
            }
        }
        out.println("  spec:       " + loss.spec() + " (as the report's loss column shows it)");
    }
}
