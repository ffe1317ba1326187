package dev.lossreport.job.bench;

import dev.lossreport.job.JobException;
import dev.lossreport.job.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bench options that name nothing the bench runs are usage errors before any Spark work, never skipped. */
class BenchOptionsTest {
    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(err), args);
        assertEquals(JobException.USAGE, code, err.toString());
        return err.toString();
    }

    @Test
    void aMisspeltVariantIsNamed() {
        String err = usageError("bench", "--variants", "engine,sqll");
        assertTrue(err.contains("unknown variant 'sqll'") && err.contains("choose from engine, sql,"), err);
    }

    @Test
    void lossAndSlicingCountsOutsideTheBenchAreRefused() {
        assertTrue(usageError("bench", "--losses", "7").contains("--losses: 7"));
        assertTrue(usageError("bench", "--slicings", "5").contains("--slicings: 5 is not between 1 and 4"));
        assertTrue(usageError("bench", "--slicings", "0").contains("--slicings: 0"));
    }
}
