package dev.lossreport.job.config;

import dev.lossreport.job.JobException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings of how a label is read: mask, ignore_value and classes, job-level and on a loss. */
class ArraySettingsTest {
    @TempDir
    Path tmp;

    private JobConfig load(String yaml, String... sets) throws IOException {
        Path f = tmp.resolve("job.yaml");
        Files.writeString(f, "input: in\nprediction: p\nlabel: y\n" + yaml);
        ConfigLoader l = new ConfigLoader(f);
        for (String s : sets) {
            l.set(s);
        }
        return l.load();
    }

    @Test
    void jobLevelAndPerLossSettings() throws IOException {
        JobConfig c = load("""
                mask: valid
                ignore_value: 255
                classes: [home, draw, away]
                losses:
                  - mse
                  - {name: cce, mask: "size(p) > 0", ignore_value: NaN, classes: [1, 2, 3]}
                """);
        assertEquals("valid", c.columns().mask());
        assertEquals(255.0, c.columns().ignoreValue());
        assertEquals(List.of("home", "draw", "away"), c.columns().classes());
        assertNull(c.losses().get(0).mask());
        JobConfig.LossEntry cce = c.losses().get(1);
        assertEquals("size(p) > 0", cce.mask());
        assertTrue(cce.ignoreValue().isNaN());
        assertEquals(List.of("1", "2", "3"), cce.classes());
        assertTrue(cce.params().isEmpty());
        // --set reads YAML, and .nan there is NaN too
        c = load("losses: [mse]\n", "ignore_value=.nan", "classes=[a, b]");
        assertTrue(c.columns().ignoreValue().isNaN());
        assertEquals(List.of("a", "b"), c.columns().classes());
    }

    @Test
    void badSettingsNameTheSetting() {
        assertEquals("'ignore_value' must be a number (or NaN), got 'void'",
                assertThrows(JobException.class, () -> load("ignore_value: void\nlosses: [mse]\n")).getMessage());
        assertEquals("'losses[0].classes' lists class 'a' twice",
                assertThrows(JobException.class, () -> load("losses: [{name: cce, classes: [a, b, a]}]\n")).getMessage());
        assertTrue(assertThrows(JobException.class, () -> load("classes: home\nlosses: [mse]\n")).getMessage()
                .startsWith("'classes' must be a non-empty list of class labels"));
        assertTrue(assertThrows(JobException.class, () -> load("classes: [on, off]\nlosses: [mse]\n")).getMessage()
                .contains("YAML reads unquoted yes, no, on, off, true and false as booleans"));
    }
}
