package dev.lossreport.job.cli;

import dev.lossreport.job.JobTestSupport;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher and the test JVM pass exactly the Java flags Spark's own launcher adds. */
class LauncherTest {

    @Test
    void launcherPassesSparksModuleOptions() throws IOException {
        String script = Files.readString(JobTestSupport.projectRoot().resolve("deploy/lossreport"));
        Matcher m = Pattern.compile("SPARK_MODULE_OPTIONS=\"([^\"]*)\"").matcher(script);
        assertTrue(m.find(), "deploy/lossreport sets SPARK_MODULE_OPTIONS");
        assertEquals(JavaModuleOptions.defaultModuleOptions(), m.group(1));
    }

    /**
     * The launcher drops the incubator module (its warning on every run): only MLlib's vector BLAS reads
     * it, for the bench's MLlib loop, and falls back to plain Java without it.
     */
    @Test
    void launcherLeavesOutTheIncubatorModuleThatOnlyMllibReads() throws IOException {
        String script = Files.readString(JobTestSupport.projectRoot().resolve("deploy/lossreport"));
        assertTrue(script.contains("LAUNCH_OPTIONS=\"${SPARK_MODULE_OPTIONS/--add-modules=jdk.incubator.vector /}\""), script);
        assertTrue(script.contains("exec \"$JAVA\" $LAUNCH_OPTIONS "), script);
        assertTrue(JavaModuleOptions.defaultModuleOptions().contains("--add-modules=jdk.incubator.vector "));
    }

    @Test
    void testJvmRunsWithTheSameOptions() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : JavaModuleOptions.defaultModuleOptionArray()) {
            assertTrue(args.contains(option), "surefire argLine lacks " + option);
        }
    }
}
