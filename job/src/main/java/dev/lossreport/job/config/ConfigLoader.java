package dev.lossreport.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lossreport.job.JobException;
import dev.lossreport.loss.LossException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job config. One precedence, lowest first: built-in defaults, the YAML file, each
 * {@code --set key=value} (a dotted path; the value is read as YAML, so lists and numbers work), then
 * the command-line flags. Every problem is a usage error that names the setting.
 */
public final class ConfigLoader {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final List<String> TOP_KEYS = List.of(
            "input", "labels", "prediction", "label", "weight", "group_by", "losses", "output", "spark",
            "run_date", "history", "gate");

    private final ObjectNode tree = JsonNodeFactory.instance.objectNode();

    /** Starts from a config file, or from nothing when {@code file} is null. */
    public ConfigLoader(Path file) {
        if (file != null) {
            JsonNode root;
            try {
                root = YAML.readTree(Files.readString(file));
            } catch (NoSuchFileException e) {
                throw JobException.usage("config file not found: " + file);
            } catch (JsonProcessingException e) {
                throw JobException.usage("config file " + file + " is not valid YAML: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            } catch (IOException e) {
                throw JobException.usage("cannot read config file " + file + ": " + e.getMessage());
            }
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw JobException.usage("config file " + file + " must be a YAML mapping of settings");
                }
                tree.setAll((ObjectNode) root);
            }
        }
    }

    /** Applies one {@code key=value} override. */
    public ConfigLoader set(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw JobException.usage("--set expects key=value, got '" + assignment + "'");
        }
        String raw = assignment.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isBlank() ? TextNode.valueOf(raw) : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            value = TextNode.valueOf(raw);
        }
        return put(assignment.substring(0, eq).trim(), value);
    }

    /** Sets a dotted path to a value; used for flags, which are applied last. */
    public ConfigLoader put(String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
        return this;
    }

    public ConfigLoader put(String path, String value) {
        return put(path, TextNode.valueOf(value));
    }

    public ConfigLoader putList(String path, List<?> values) {
        return put(path, (JsonNode) YAML.valueToTree(values));
    }

    /** The merged settings as given, before defaults. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    public JobConfig load() {
        tree.fieldNames().forEachRemaining(k -> {
            if (!TOP_KEYS.contains(k)) {
                throw JobException.usage("unknown setting '" + k + "'; settings are " + String.join(", ", TOP_KEYS));
            }
        });
        JobConfig.Table input = table("input", null);
        if (input == null) {
            throw JobException.usage("no input: set input.path in the config or pass --input PATH");
        }
        JobConfig.Table labels = table("labels", input.format());
        List<String> joinKey = List.of();
        if (labels != null) {
            joinKey = names(tree.path("labels").get("join_key"), "labels.join_key");
            if (joinKey.isEmpty()) {
                throw JobException.usage("a labels table needs a join key: set labels.join_key or pass --join-key COL[,COL]");
            }
        }
        JobConfig.Columns columns = new JobConfig.Columns(
                text(tree.get("prediction"), "prediction"),
                text(tree.get("label"), "label"),
                text(tree.get("weight"), "weight"));
        List<List<String>> groupBy = new ArrayList<>();
        JsonNode g = tree.get("group_by");
        if (g != null && !g.isNull()) {
            if (!g.isArray()) {
                g = JsonNodeFactory.instance.arrayNode().add(g);
            }
            for (JsonNode slicing : g) {
                List<String> cols = names(slicing, "group_by");
                if (cols.isEmpty()) {
                    throw JobException.usage("group_by: an empty slicing; the overall slice is always included");
                }
                if (!groupBy.contains(cols)) {
                    groupBy.add(cols);
                }
            }
        }
        List<JobConfig.LossEntry> losses = losses();
        for (JobConfig.LossEntry l : losses) {
            if (l.prediction() == null && columns.prediction() == null) {
                throw JobException.usage("loss '" + l.name() + "' has no prediction column: set prediction in the config, "
                        + "pass --prediction EXPR, or give the loss its own prediction");
            }
        }
        JsonNode out = tree.path("output");
        String outPath = text(out.get("path"), "output.path");
        JobConfig.Output output = new JobConfig.Output(outPath,
                choice(out.get("format"), "output.format", JobConfig.REPORT_FORMATS, "parquet"),
                bool(out.get("overwrite"), "output.overwrite", false));
        checkKeys(out, "output", List.of("path", "format", "overwrite"));
        JsonNode sp = tree.path("spark");
        checkKeys(sp, "spark", List.of("master", "conf"));
        JobConfig.Spark spark = new JobConfig.Spark(
                text(sp.get("master"), "spark.master"), stringMap(sp.get("conf"), "spark.conf"));
        return new JobConfig(input, labels, joinKey, columns, List.copyOf(groupBy), losses, output, spark,
                RunSettingsLoader.parse(tree));
    }

    private JobConfig.Table table(String key, String defaultFormat) {
        JsonNode n = tree.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return new JobConfig.Table(n.asText(), defaultFormat == null ? "parquet" : defaultFormat, Map.of());
        }
        if (!n.isObject()) {
            throw JobException.usage("'" + key + "' must be a path or a mapping with path and format");
        }
        checkKeys(n, key, key.equals("labels") ? List.of("path", "format", "options", "join_key")
                : List.of("path", "format", "options"));
        String path = text(n.get("path"), key + ".path");
        if (path == null || path.isBlank()) {
            throw JobException.usage("'" + key + ".path' is not set");
        }
        String format = choice(n.get("format"), key + ".format", JobConfig.TABLE_FORMATS,
                defaultFormat == null ? "parquet" : defaultFormat);
        return new JobConfig.Table(path, format, stringMap(n.get("options"), key + ".options"));
    }

    private List<JobConfig.LossEntry> losses() {
        JsonNode n = tree.get("losses");
        if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
            throw JobException.usage("no losses: list them under 'losses' in the config or pass --loss SPEC");
        }
        if (!n.isArray()) {
            n = JsonNodeFactory.instance.arrayNode().add(n);
        }
        List<JobConfig.LossEntry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode entry : n) {
            out.add(lossEntry(entry, "losses[" + i++ + "]"));
        }
        return List.copyOf(out);
    }

    private static JobConfig.LossEntry lossEntry(JsonNode entry, String where) {
        try {
            if (entry.isTextual()) {
                var parsed = dev.lossreport.loss.Losses.parseSpec(entry.asText());
                return new JobConfig.LossEntry(parsed.name(), parsed.params(), null, null, null);
            }
            if (!entry.isObject() || entry.get("name") == null) {
                throw JobException.usage(where + ": a loss is a spec such as 'huber(delta=2)' or a mapping with a 'name'");
            }
            var parsed = dev.lossreport.loss.Losses.parseSpec(entry.get("name").asText());
            Map<String, Object> params = new LinkedHashMap<>(parsed.params());
            String prediction = null;
            String label = null;
            String weight = null;
            var fields = entry.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                switch (f.getKey()) {
                    case "name" -> { }
                    case "prediction" -> prediction = text(f.getValue(), where + ".prediction");
                    case "label" -> label = text(f.getValue(), where + ".label");
                    case "weight" -> weight = text(f.getValue(), where + ".weight");
                    default -> params.put(f.getKey(), YAML.convertValue(f.getValue(), Object.class));
                }
            }
            return new JobConfig.LossEntry(parsed.name(), params, prediction, label, weight);
        } catch (LossException e) {
            throw JobException.usage(where + ": " + e.getMessage());
        }
    }

    static void checkKeys(JsonNode n, String where, List<String> known) {
        if (n == null || !n.isObject()) {
            return;
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw JobException.usage("unknown setting '" + where + "." + k + "'; known: " + String.join(", ", known));
            }
        });
    }

    static String text(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw JobException.usage("'" + where + "' must be a single value, got " + n);
        }
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static String choice(JsonNode n, String where, List<String> choices, String dflt) {
        String v = text(n, where);
        if (v == null) {
            return dflt;
        }
        if (!choices.contains(v)) {
            throw JobException.usage("'" + where + "' must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        }
        return v;
    }

    private static boolean bool(JsonNode n, String where, boolean dflt) {
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String s = n.asText().trim();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw JobException.usage("'" + where + "' must be true or false, got '" + s + "'");
    }

    /** A list of column names: a YAML list, or one string with names separated by commas. */
    private static List<String> names(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                String s = text(c, where);
                if (s != null) {
                    out.add(s);
                }
            }
        } else {
            for (String s : text(n, where).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> stringMap(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw JobException.usage("'" + where + "' must be a mapping of names to values");
        }
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText()));
        return Map.copyOf(m);
    }
}
