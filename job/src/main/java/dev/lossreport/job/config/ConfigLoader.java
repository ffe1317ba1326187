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
            "input", "labels", "prediction", "label", "weight", "mask", "ignore_value", "classes", "group_by", "losses",
            "output", "spark", "query", "item", "example", "replicate", "max_entity_rows", "on_invalid", "negative_weights",
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
                text(tree.get("weight"), "weight"),
                text(tree.get("mask"), "mask"),
                number(tree.get("ignore_value"), "ignore_value"),
                classes(tree.get("classes"), "classes"));
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
                entity(joinKey), Policies.from(tree), RunSettingsLoader.parse(tree));
    }

    /**
     * The entity roles: query and item (ranking), or example and replicate (bias and variance; the
     * example defaults to the labels join key). Null when neither is set.
     */
    private JobConfig.Entity entity(List<String> joinKey) {
        List<String> query = names(tree.get("query"), "query");
        String item = text(tree.get("item"), "item");
        List<String> example = names(tree.get("example"), "example");
        String replicate = text(tree.get("replicate"), "replicate");
        boolean ranking = !query.isEmpty() || item != null;
        boolean replicates = !example.isEmpty() || replicate != null;
        JsonNode maxNode = tree.get("max_entity_rows");
        if (ranking && replicates) {
            throw JobException.usage("query/item (ranking) and example/replicate (bias and variance) cannot be combined in one run");
        }
        if (!ranking && !replicates) {
            if (maxNode != null && !maxNode.isNull()) {
                throw JobException.usage("max_entity_rows applies to per-query or per-example losses: set query and item, or example and replicate");
            }
            return null;
        }
        long max = JobConfig.Entity.DEFAULT_MAX_ROWS;
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.isIntegralNumber() || maxNode.asLong() < 1 || maxNode.asLong() > Integer.MAX_VALUE - 8) {
                throw JobException.usage("'max_entity_rows' must be an integer from 1 to " + (Integer.MAX_VALUE - 8) + ", got " + maxNode);
            }
            max = maxNode.asLong();
        }
        if (ranking) {
            if (query.isEmpty()) {
                throw JobException.usage("item needs query: name the query (list) column with query: COL or --query COL");
            }
            if (item == null) {
                throw JobException.usage("query needs item: name the item id column with item: COL or --item COL "
                        + "(it breaks score ties, item id descending as trec_eval, and tells items apart)");
            }
            return new JobConfig.Entity(JobConfig.Entity.QUERY, query, item, max);
        }
        if (example.isEmpty()) {
            example = joinKey;
        }
        if (example.isEmpty()) {
            throw JobException.usage("replicate needs example: name the column(s) identifying one labelled example "
                    + "with example: COL or --example COL (or join a labels table on it)");
        }
        if (replicate == null) {
            throw JobException.usage("example needs replicate: name the column telling the predictions of one example apart "
                    + "(bootstrap round, model) with replicate: COL or --replicate COL");
        }
        return new JobConfig.Entity(JobConfig.Entity.EXAMPLE, example, replicate, max);
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
        checkKeys(n, key, key.equals("labels")
                ? List.of("path", "format", "options", "join_key", "skip_unreadable_files", "keep_first_by", "duplicate_keys")
                : List.of("path", "format", "options", "skip_unreadable_files", "keep_first_by"));
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
                check(parsed.name(), parsed.params());
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
            String mask = null;
            Double ignoreValue = null;
            List<String> classes = null;
            var fields = entry.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                switch (f.getKey()) {
                    case "name" -> { }
                    case "prediction" -> prediction = text(f.getValue(), where + ".prediction");
                    case "label" -> label = text(f.getValue(), where + ".label");
                    case "weight" -> weight = text(f.getValue(), where + ".weight");
                    case "mask" -> mask = text(f.getValue(), where + ".mask");
                    case "ignore_value" -> ignoreValue = number(f.getValue(), where + ".ignore_value");
                    case "classes" -> classes = classes(f.getValue(), where + ".classes");
                    default -> params.put(f.getKey(), YAML.convertValue(f.getValue(), Object.class));
                }
            }
            check(parsed.name(), params);
            return new JobConfig.LossEntry(parsed.name(), params, prediction, label, weight, mask, ignoreValue, classes);
        } catch (LossException e) {
            throw JobException.usage(where + ": " + e.getMessage());
        }
    }

    /**
     * Builds the loss once so an unknown loss or parameter is reported before any data is read; a
     * multioutput loss whose number of outputs comes from the table is checked by the plan instead.
     */
    private static void check(String name, Map<String, Object> params) {
        if (!dev.lossreport.loss.ArrayOptions.needsOutputCount(dev.lossreport.loss.Losses.type(name), params)) {
            dev.lossreport.loss.Losses.create(name, params);
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

    /** A number; NaN is allowed (so that an ignore value can skip nulls), also as .nan from --set. */
    private static Double number(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        String s = text(n, where);
        if (s == null) {
            return null;
        }
        if (s.equalsIgnoreCase("nan") || s.equalsIgnoreCase(".nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw JobException.usage("'" + where + "' must be a number (or NaN), got '" + s + "'");
        }
    }

    /** A class list: a YAML list of labels (names or numbers), without repeats. */
    private static List<String> classes(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw JobException.usage("'" + where + "' must be a non-empty list of class labels, e.g. [home, draw, away]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : n) {
            if (c.isBoolean()) {
                throw JobException.usage("'" + where + "' holds " + c.asText() + ": YAML reads unquoted yes, no, on, off, "
                        + "true and false as booleans; quote class names, e.g. [\"no\", \"yes\"]");
            }
            String s = text(c, where);
            if (s == null) {
                throw JobException.usage("'" + where + "' holds an empty class label");
            }
            if (out.contains(s)) {
                throw JobException.usage("'" + where + "' lists class '" + s + "' twice");
            }
            out.add(s);
        }
        return List.copyOf(out);
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
