package dev.lossreport.job.cli;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Losses;
import dev.lossreport.loss.Param;
import dev.lossreport.loss.Params;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code lossreport losses [NAME]}: the loss catalogue, or one loss in full. */
@Command(name = "losses", mixinStandardHelpOptions = true,
        description = "Lists every loss with its parameters, domain, direction and formula; 'losses NAME' shows one in full.")
public final class LossesCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A loss name or alias.")
    String name;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (name != null) {
            describe(Losses.type(name), out);
            Losses.aliases().stream().filter(a -> a.name().equals(name))
                    .forEach(a -> out.println("\n'" + a.name() + "' is an alias of " + a.target() + " with " + a.fixed()));
            return 0;
        }
        for (LossType t : Losses.list()) {
            out.printf("%-22s %-22s %s%n", t.name() + params(t), t.direction().text(), t.formula());
        }
        out.println();
        out.println("aliases: " + String.join(", ", Losses.aliases().stream()
                .map(a -> a.name() + " = " + a.target() + (a.fixed().isEmpty() ? "" : a.fixed().toString())).toList()));
        out.println("Run 'lossreport losses NAME' for a loss's domain, inputs and parameters.");
        return 0;
    }

    private static String params(LossType t) {
        var names = t.params().stream().filter(Param::shownWhenDefault).map(Param::name).toList();
        return names.isEmpty() ? "" : "(" + String.join(",", names) + ")";
    }

    static void describe(LossType t, PrintStream out) {
        out.println(t.name());
        out.println("  formula:   " + t.formula());
        out.println("  domain:    " + t.domain() + "; rows outside it are counted in invalid_rows");
        out.println("  direction: " + t.direction().text());
        out.println("  inputs:    " + t.signature());
        if (t.params().isEmpty()) {
            out.println("  parameters: none");
        } else {
            out.println("  parameters:");
            for (Param p : t.params()) {
                String dflt = p.defaultValue() == null ? "unset" : Params.format(p.defaultValue());
                out.printf("    %-16s %s, default %s: %s%n", p.name(), p.expected(), dflt, p.doc());
            }
        }
    }
}
