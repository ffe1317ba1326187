package dev.lossreport.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lossreport.job.JobException;

import java.util.ArrayList;
import java.util.List;

/**
 * What the job does with input it cannot use as is (docs/bad-input.md):
 * <ul>
 *   <li>{@code on_invalid}: {@code skip} (default) counts a row a loss cannot use in that loss's
 *       {@code invalid_rows}; {@code fail} stops the run, naming the column and a sample of the rows.</li>
 *   <li>{@code negative_weights}: {@code fail} (default) stops the run; {@code skip} counts such rows
 *       as invalid (reason {@code negative_weight}).</li>
 *   <li>{@code input.skip_unreadable_files} / {@code labels.skip_unreadable_files}: skip Parquet
 *       files whose footer cannot be read (each is listed in {@code _run.json}) instead of failing.</li>
 *   <li>{@code labels.duplicate_keys}: {@code fail} (default) when a join key occurs twice in either
 *       table; {@code keep_first} keeps the first row of each key by {@code input.keep_first_by} /
 *       {@code labels.keep_first_by} (expressions, each optionally followed by ASC or DESC).</li>
 * </ul>
 */
public record Policies(String onInvalid, String negativeWeights, boolean skipUnreadableInput,
                       boolean skipUnreadableLabels, String duplicateKeys, List<String> inputKeepFirstBy,
                       List<String> labelsKeepFirstBy) {

    public static final List<String> ON_INVALID = List.of("skip", "fail");
    public static final List<String> NEGATIVE_WEIGHTS = List.of("fail", "skip");
    public static final List<String> DUPLICATE_KEYS = List.of("fail", "keep_first");

    /** The defaults: skip and count invalid rows, fail on negative weights, unreadable files and duplicated keys. */
    public static final Policies DEFAULT = new Policies("skip", "fail", false, false, "fail", List.of(), List.of());

    public boolean failOnInvalid() {
        return onInvalid.equals("fail");
    }

    public boolean negativeWeightsAllowed() {
        return negativeWeights.equals("skip");
    }

    public boolean keepFirstDuplicate() {
        return duplicateKeys.equals("keep_first");
    }

    /** The {@code keep_first_by} order of a table ({@code input} or {@code labels}). */
    public List<String> keepFirstBy(String role) {
        return role.equals("labels") ? labelsKeepFirstBy : inputKeepFirstBy;
    }

    /** Reads the policies from the merged settings tree; a bad value is a usage error naming the setting. */
    static Policies from(JsonNode tree) {
        JsonNode input = tree.path("input");
        JsonNode labels = tree.path("labels");
        Policies p = new Policies(
                choice(tree.get("on_invalid"), "on_invalid", ON_INVALID),
                choice(tree.get("negative_weights"), "negative_weights", NEGATIVE_WEIGHTS),
                bool(input.get("skip_unreadable_files"), "input.skip_unreadable_files"),
                bool(labels.get("skip_unreadable_files"), "labels.skip_unreadable_files"),
                choice(labels.get("duplicate_keys"), "labels.duplicate_keys", DUPLICATE_KEYS),
                orders(input.get("keep_first_by"), "input.keep_first_by"),
                orders(labels.get("keep_first_by"), "labels.keep_first_by"));
        boolean joined = labels.isObject() || labels.isTextual();
        if (!joined && (!p.inputKeepFirstBy.isEmpty() || input.has("duplicate_keys"))) {
            throw JobException.usage("'input.keep_first_by' applies only when a labels table is joined on a key");
        }
        if (p.keepFirstDuplicate() && p.inputKeepFirstBy.isEmpty() && p.labelsKeepFirstBy.isEmpty()) {
            throw JobException.usage("'labels.duplicate_keys: keep_first' needs the order that decides which row is first: "
                    + "set input.keep_first_by and/or labels.keep_first_by, e.g. [\"updated_at DESC\"]");
        }
        return p;
    }

    private static String choice(JsonNode n, String where, List<String> choices) {
        if (n == null || n.isNull()) {
            return choices.get(0);
        }
        String v = n.isValueNode() ? n.asText().trim() : n.toString();
        if (!n.isValueNode() || !choices.contains(v)) {
            throw JobException.usage("'" + where + "' must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        }
        return v;
    }

    private static boolean bool(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        String s = n.asText().trim();
        if (n.isValueNode() && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw JobException.usage("'" + where + "' must be true or false, got '" + (n.isValueNode() ? s : n.toString()) + "'");
    }

    private static List<String> orders(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        for (JsonNode e : n.isArray() ? n : List.of(n)) {
            if (!e.isValueNode() || e.asText().isBlank()) {
                throw JobException.usage("'" + where + "' must be a list of expressions, each optionally followed by ASC or DESC");
            }
            out.add(e.asText().trim());
        }
        return List.copyOf(out);
    }
}
