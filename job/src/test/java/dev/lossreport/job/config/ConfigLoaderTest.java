package dev.lossreport.job.config;

import dev.lossreport.job.JobException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private Path file(String yaml) throws IOException {
        Path f = tmp.resolve("job.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void fileThenSetThenFlags() throws IOException {
        Path f = file("""
                input: {path: in, format: csv}
                prediction: p
                label: y
                group_by: [season, "season,playoff", [team1]]
                losses:
                  - bce
                  - huber(delta=2)
                  - {name: cce, prediction: "array(a, b)", label: k, eps: 1e-7}
                output: {path: out}
                """);
        JobConfig c = new ConfigLoader(f).set("output.format=json").set("weight=w").set("output.path=from-set")
                .put("output.path", "from-flag").load();
        assertEquals("in", c.input().path());
        assertEquals("csv", c.input().format());
        assertEquals(List.of(List.of("season"), List.of("season", "playoff"), List.of("team1")), c.groupBy());
        assertEquals("json", c.output().format());
        assertEquals("from-flag", c.output().path());
        assertEquals("w", c.columns().weight());
        assertEquals("huber", c.losses().get(1).name());
        assertEquals(Map.of("delta", "2"), c.losses().get(1).params());
        JobConfig.LossEntry cce = c.losses().get(2);
        assertEquals("array(a, b)", cce.prediction());
        assertEquals(1e-7, cce.params().get("eps"));
        assertNull(c.labels());
    }

    @Test
    void labelsTableDefaultsToTheInputFormatAndNeedsAKey() throws IOException {
        JobConfig c = new ConfigLoader(file("""
                input: {path: in, format: json}
                labels: {path: lab, join_key: "id,day"}
                prediction: p
                losses: [mse]
                """)).load();
        assertEquals("json", c.labels().format());
        assertEquals(List.of("id", "day"), c.joinKey());
        JobException e = assertThrows(JobException.class, () -> new ConfigLoader(file("""
                input: in
                labels: lab
                prediction: p
                losses: [mse]
                """)).load());
        assertTrue(e.getMessage().startsWith("a labels table needs a join key"), e.getMessage());
    }

    @Test
    void mistakesNameTheSetting() throws IOException {
        assertMessage("input: in\nprediction: p\nlossses: [mse]\n",
                "unknown setting 'lossses' (did you mean 'losses'?); settings are input, labels");
        assertMessage("input: {path: in, formt: csv}\nprediction: p\nlosses: [mse]\n",
                "unknown setting 'input.formt' (did you mean 'format'?); known: path, format");
        // a loss map: its column keys and its parameters, with the likely one
        assertMessage("input: in\nprediction: p\nlosses:\n  - {name: huber, delat: 2}\n",
                "losses[0]: loss 'huber' has no key 'delat' (did you mean 'delta'?); a loss map takes name, prediction, "
                        + "label, weight, mask, ignore_value, classes and its parameters delta, reduction, multioutput, outputs, flatten");
        assertMessage("input: in\nprediction: p\nlosses:\n  - {name: mse, predicton: q}\n",
                "losses[0]: loss 'mse' has no key 'predicton' (did you mean 'prediction'?)");
        assertMessage("input: in\nprediction: p\nlosses: [mse]\noutput: {format: xml}\n",
                "'output.format' must be one of parquet, json, csv, got 'xml'");
        assertMessage("prediction: p\nlosses: [mse]\n", "no input: set input.path in the config or pass --input PATH");
        assertMessage("input: in\nlosses: [mse]\n", "loss 'mse' has no prediction column");
        assertMessage("input: in\nprediction: p\nlosses: []\n", "no losses");
        assertMessage("input: in\nprediction: p\nlosses: ['huber(delta=']\n", "losses[0]: loss spec 'huber(delta='");
        assertMessage("input: [in\n", "config file " + tmp.resolve("job.yaml") + " is not valid YAML");
        JobException e = assertThrows(JobException.class, () -> new ConfigLoader(tmp.resolve("missing.yaml")));
        assertEquals(JobException.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("config file not found"), e.getMessage());
    }

    private void assertMessage(String yaml, String prefix) throws IOException {
        Path f = file(yaml);
        JobException e = assertThrows(JobException.class, () -> new ConfigLoader(f).load());
        assertEquals(JobException.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
