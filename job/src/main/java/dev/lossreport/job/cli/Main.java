package dev.lossreport.job.cli;

import dev.lossreport.job.JobException;
import dev.lossreport.job.SparkErrors;
import dev.lossreport.loss.LossException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code lossreport}: the command line. Exit codes: 0 success, 2 usage or config error,
 * 3 a validation check failed (the report is still written), 4 input data error, 1 anything unexpected.
 */
@Command(name = "lossreport", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Grouped loss reports over tables of model predictions and labels, on Apache Spark.",
        subcommands = {RunCommand.class, HistoryCommand.class, PrepareDataCommand.class, LossesCommand.class,
                dev.lossreport.job.bench.BenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:unexpected error", "2:usage or config error (a setting, loss, column or type, the output path)",
                "3:a validation check failed (the report is still written)",
                "4:input data error (unreadable or empty input, schema drift, bad rows under on_invalid: fail, negative weights, duplicated join keys)"})
public final class Main implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line in this JVM and returns its exit code. */
    public static int execute(String... args) {
        return execute(null, args);
    }

    /** As {@link #execute(String...)}, with errors and usage messages written to {@code err} (when not null). */
    public static int execute(PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::usageError);
        if (err != null) {
            cli.setErr(err);
        }
        int code = cli.execute(args);
        cli.getErr().flush();
        return code;
    }

    /** No command: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return JobException.USAGE;
    }

    /** A bad command line: one line naming the problem (and a likely meant option), and where the help is. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = " (did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?)";
        }
        cli.getErr().println("lossreport: " + oneLine(e.getMessage()) + hint + "; see '"
                + cli.getCommandSpec().qualifiedName() + " --help'");
        cli.getErr().flush();
        return JobException.USAGE;
    }

    /** Errors are one line: a message that spans several (Spark's, a parser's) is joined. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose = parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--verbose");
        JobException translated = SparkErrors.translate(e);
        if (translated != null) {
            err.println("lossreport: " + oneLine(translated.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return translated.exitCode();
        }
        Throwable cause = e;
        if (cause instanceof JobException je) {
            err.println("lossreport: " + oneLine(je.getMessage()));
            if (verbose) {
                je.printStackTrace(err);
            }
            return je.exitCode();
        }
        if (cause instanceof LossException le) {
            err.println("lossreport: " + oneLine(le.getMessage()));
            return JobException.USAGE;
        }
        err.println("lossreport: unexpected error: " + oneLine(e.toString())
                + (verbose ? "" : " (run again with --verbose for the stack trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"lossreport " + (v == null ? "dev" : v) + " (Spark "
                    + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
