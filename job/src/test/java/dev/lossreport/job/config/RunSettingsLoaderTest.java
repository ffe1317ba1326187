package dev.lossreport.job.config;

import dev.lossreport.job.JobException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run_date, history and gate as the config spells them, and the usage errors that name the setting. */
class RunSettingsLoaderTest {
    private static RunSettings parse(String yaml) {
        try {
            return RunSettingsLoader.parse(ConfigLoader.YAML.readTree(yaml));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertUsage(String yaml, String message) {
        JobException e = assertThrows(JobException.class, () -> parse(yaml));
        assertEquals(JobException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void readsTheRunDateTheHistoryAndEachFormOfACheck() {
        RunSettings r = parse("""
                run_date: 2024-01-31
                history: {path: s3a://b/h}
                gate:
                  - {loss: bce, max: 0.62}
                  - {loss: bce, slices: all, min: 0.1, max: 0.7}
                  - {loss: brier, prediction: p2, slices: [season, "season=2019,playoff=1", overall], baseline: previous_run, max_relative_worsening: 0.01}
                  - {loss: brier, baseline: {prediction: "1 / (1 + x)"}, max_worsening: 0}
                """);
        assertEquals(LocalDate.of(2024, 1, 31), r.date());
        assertEquals("s3a://b/h", r.historyPath());
        assertEquals(4, r.gate().size());
        RunSettings.Check first = r.gate().get(0);
        assertEquals(RunSettings.Slices.OVERALL, first.slices());
        assertEquals(0.62, first.max());
        assertNull(first.min());
        assertTrue(r.gate().get(1).slices().all());
        RunSettings.Check third = r.gate().get(2);
        assertEquals(List.of("season"), third.slices().slicings());
        assertEquals(List.of("season=2019,playoff=1", "overall"), third.slices().keys());
        assertTrue(third.baseline().previousRun());
        assertEquals("p2", third.prediction());
        RunSettings.Check fourth = r.gate().get(3);
        assertEquals("1 / (1 + x)", fourth.baseline().prediction());
        assertEquals(0.0, fourth.maxWorsening());
        assertEquals("gate[3]", fourth.where());
        assertEquals(RunSettings.NONE, parse("{}"));
    }

    @Test
    void mistakesAreUsageErrorsNamingTheSetting() {
        assertUsage("run_date: 31/01/2024", "'run_date' must be a date YYYY-MM-DD");
        assertUsage("history: {table: x}", "unknown setting 'history.table'");
        assertUsage("gate: [{max: 1}]", "gate[0]: 'loss' is not set");
        assertUsage("gate: [{loss: bce, maximum: 1}]", "unknown setting 'gate[0].maximum'");
        assertUsage("gate: [{loss: bce}]", "gate[0]: no bound");
        assertUsage("gate: [{loss: bce, max: high}]", "'gate[0].max' must be a number");
        assertUsage("gate: [{loss: bce, max: \"NaN\"}]", "'gate[0].max' must be a finite number");
        assertUsage("gate: [{loss: bce, min: 2, max: 1}]", "gate[0]: min 2.0 is greater than max 1.0");
        assertUsage("gate: [{loss: bce, max_worsening: 0}]", "need a baseline");
        assertUsage("gate: [{loss: bce, max: 1, baseline: previous_run}]", "a baseline needs max_worsening");
        assertUsage("gate: [{loss: bce, baseline: yesterday, max_worsening: 0}]", "'gate[0].baseline' must be previous_run");
        assertUsage("gate: [{loss: bce, max: 1, slices: []}]", "'gate[0].slices' names no slice");
        assertUsage("gate: [bce <= 1]", "gate[0]: a check is a mapping");
    }
}
