package dev.lossreport.job;

import dev.lossreport.loss.LossType;
import dev.lossreport.loss.Losses;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/losses.md has a paragraph for every registered loss (its name in a "###" heading). */
class LossDocsTest {

    @Test
    void everyRegisteredLossHasAParagraph() throws IOException {
        List<String> headings = Files.readAllLines(JobTestSupport.projectRoot().resolve("docs/losses.md")).stream()
                .filter(l -> l.startsWith("### ")).toList();
        for (LossType t : Losses.list()) {
            boolean documented = headings.stream()
                    .anyMatch(h -> Arrays.asList(h.substring(4).split("[ ,]+")).contains(t.name()));
            assertTrue(documented, "docs/losses.md has no paragraph for " + t.name());
        }
    }
}
