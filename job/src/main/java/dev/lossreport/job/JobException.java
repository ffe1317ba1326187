package dev.lossreport.job;

/**
 * An error the user can act on, with the exit code the CLI returns for it. The message names the
 * setting, column or file and what was expected; no stack trace is shown unless --verbose.
 */
public class JobException extends RuntimeException {
    /** A usage or config error: a bad flag, setting, loss or column. */
    public static final int USAGE = 2;
    /** A validation check of the gate failed; the report is still written. */
    public static final int VALIDATION = 3;
    /** Input data that cannot be used: unreadable files, bad rows under on_invalid: fail, duplicated keys. */
    public static final int INPUT = 4;

    private final int exitCode;

    public JobException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public JobException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static JobException usage(String message) {
        return new JobException(USAGE, message);
    }

    public static JobException input(String message) {
        return new JobException(INPUT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
