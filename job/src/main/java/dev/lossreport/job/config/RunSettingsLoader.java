package dev.lossreport.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lossreport.job.JobException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the settings of a scheduled run from the merged config tree: {@code run_date},
 * {@code history} and {@code gate}. Every problem is a usage error that names the setting.
 *
 * <pre>
 * run_date: 2024-01-31                     # or --run-date; ${run_date} in paths
 * history: reports/history/nfl             # or {path: ...}
 * gate:
 *   - {loss: bce, max: 0.62}               # the overall slice
 *   - {loss: bce, slices: all, max: 0.75}  # every slice; or a slicing name, or keys like season=2019
 *   - loss: brier
 *     baseline: {prediction: other_col}    # or: previous_run
 *     max_worsening: 0.002                 # and/or max_relative_worsening: 0.01
 * </pre>
 */
public final class RunSettingsLoader {
    private static final List<String> CHECK_KEYS = List.of("loss", "prediction", "slices", "min", "max", "baseline",
            "max_worsening", "max_relative_worsening");
    public static final String PREVIOUS_RUN = "previous_run";

    private RunSettingsLoader() {
    }

    public static RunSettings parse(JsonNode tree) {
        return new RunSettings(runDate(tree.get("run_date")), history(tree.get("history")), gate(tree.get("gate")));
    }

    /** A run date as given on the command line or in the config: an ISO date, YYYY-MM-DD. */
    public static LocalDate runDate(String text, String where) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw JobException.usage("'" + where + "' must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }

    private static String runDate(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw JobException.usage("'run_date' must be a date YYYY-MM-DD, got " + n);
        }
        return runDate(n.asText(), "run_date").toString();
    }

    private static String history(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        JsonNode path = n;
        if (n.isObject()) {
            ConfigLoader.checkKeys(n, "history", List.of("path"));
            path = n.get("path");
        }
        if (path == null || !path.isValueNode() || path.asText().isBlank()) {
            throw JobException.usage("'history' must be a path (or a mapping with 'path'): the table each run appends its report to");
        }
        return path.asText().trim();
    }

    private static List<RunSettings.Check> gate(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            n = JsonNodeFactory.instance.arrayNode().add(n);
        }
        List<RunSettings.Check> checks = new ArrayList<>();
        int i = 0;
        for (JsonNode c : n) {
            checks.add(check(c, "gate[" + i++ + "]"));
        }
        return List.copyOf(checks);
    }

    private static RunSettings.Check check(JsonNode n, String where) {
        if (!n.isObject()) {
            throw JobException.usage(where + ": a check is a mapping such as {loss: bce, max: 0.62}");
        }
        ConfigLoader.checkKeys(n, where, CHECK_KEYS);
        String loss = ConfigLoader.text(n.get("loss"), where + ".loss");
        if (loss == null) {
            throw JobException.usage(where + ": 'loss' is not set; name one of the losses, e.g. loss: bce");
        }
        Double min = number(n.get("min"), where + ".min");
        Double max = number(n.get("max"), where + ".max");
        if (min != null && max != null && min > max) {
            throw JobException.usage(where + ": min " + min + " is greater than max " + max);
        }
        Double worsening = number(n.get("max_worsening"), where + ".max_worsening");
        Double relative = number(n.get("max_relative_worsening"), where + ".max_relative_worsening");
        RunSettings.Baseline baseline = baseline(n.get("baseline"), where + ".baseline");
        boolean changeBound = worsening != null || relative != null;
        if (changeBound && baseline == null) {
            throw JobException.usage(where + ": max_worsening and max_relative_worsening need a baseline: "
                    + "baseline: previous_run, or baseline: {prediction: COLUMN}");
        }
        if (baseline != null && !changeBound) {
            throw JobException.usage(where + ": a baseline needs max_worsening and/or max_relative_worsening");
        }
        if (min == null && max == null && !changeBound) {
            throw JobException.usage(where + ": no bound; set min and/or max, or a baseline with max_worsening "
                    + "and/or max_relative_worsening");
        }
        return new RunSettings.Check(where, loss, ConfigLoader.text(n.get("prediction"), where + ".prediction"),
                slices(n.get("slices"), where + ".slices"), min, max, baseline, worsening, relative);
    }

    private static RunSettings.Baseline baseline(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual() && n.asText().trim().equals(PREVIOUS_RUN)) {
            return RunSettings.Baseline.PREVIOUS_RUN;
        }
        if (n.isObject() && n.size() == 1 && n.get("prediction") != null) {
            String p = ConfigLoader.text(n.get("prediction"), where + ".prediction");
            if (p != null) {
                return RunSettings.Baseline.ofPrediction(p);
            }
        }
        throw JobException.usage("'" + where + "' must be previous_run (the last run in the history table) or "
                + "{prediction: COLUMN} (another model's prediction, scored on the same rows in this run), got " + n);
    }

    private static RunSettings.Slices slices(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return RunSettings.Slices.OVERALL;
        }
        List<JsonNode> entries = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(entries::add);
        } else {
            entries.add(n);
        }
        boolean all = false;
        List<String> slicings = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (JsonNode e : entries) {
            String s = ConfigLoader.text(e, where);
            if (s == null) {
                continue;
            }
            if (s.equals("all")) {
                all = true;
            } else if (s.equals("overall") || s.contains("=")) {
                keys.add(s.replace(" ", ""));
            } else {
                slicings.add(s.replace(" ", ""));
            }
        }
        if (!all && slicings.isEmpty() && keys.isEmpty()) {
            throw JobException.usage("'" + where + "' names no slice; use overall, all, a slicing such as season, "
                    + "or slices such as season=2019");
        }
        return new RunSettings.Slices(all, List.copyOf(slicings), List.copyOf(keys));
    }

    private static Double number(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        double v;
        if (n.isNumber()) {
            v = n.doubleValue();
        } else {
            try {
                v = Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                throw JobException.usage("'" + where + "' must be a number, got '" + n.asText() + "'");
            }
        }
        if (!Double.isFinite(v)) {
            throw JobException.usage("'" + where + "' must be a finite number, got " + n.asText());
        }
        return v;
    }
}
