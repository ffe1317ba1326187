package dev.lossreport.job.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lossreport.loss.LossException;
import dev.lossreport.loss.Losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Translates a peer's loss name, parameters and conventions into a lossreport spec and table. Every
 * translation is a documented parameter of ours (docs/conventions.md): Keras' default reduction is
 * {@code reduction=sum_over_batch_size}, its clipping {@code eps=1e-7}, its CCE renormalization
 * {@code normalize_rows=true}; scikit-learn's {@code normalize=False} is {@code reduction=sum}.
 */
final class PeerMapping {
    private PeerMapping() {
    }

    /**
     * A mapped case: the loss spec, and the columns of its table (scalars or arrays; labels may be class
     * names), a row mask column (or null) and the class list the job reads the labels through (or null).
     */
    record Mapped(String spec, List<Object> predictions, List<Object> labels, List<Double> weights,
                  List<Boolean> masks, List<String> classes) {
        Mapped(String spec, List<Object> predictions, List<Object> labels, List<Double> weights) {
            this(spec, predictions, labels, weights, null, null);
        }
    }

    static final class Unmapped extends Exception {
        Unmapped(String why) {
            super(why);
        }
    }

    static Mapped map(PeerCase c) throws Unmapped {
        Map<String, Object> params = new LinkedHashMap<>();
        String name = switch (c.loss()) {
            case "log_loss" -> c.yPred().get(0).isArray() ? "cce" : "bce";
            case "sparse_cce" -> "cce";
            default -> c.loss();
        };
        for (String unsupported : List.of("dtype", "throughOrigin")) {
            if (c.has(unsupported)) {
                throw new Unmapped("parameter " + unsupported);
            }
        }
        copy(c, "delta", params, "delta");
        copy(c, "from_logits", params, "from_logits");
        copy(c, "label_smoothing", params, "label_smoothing");
        copy(c, "eps", params, "eps");
        copy(c, "force_finite", params, "force_finite");
        copy(c, "pos_label", params, "pos_label");
        copy(c, "renormalize_rows", params, "normalize_rows");
        if (c.has("multioutput")) {
            // scikit-learn's multioutput is ours: a named choice or a list of output weights
            JsonNode m = c.param("multioutput");
            params.put("multioutput", m.isArray() ? values(m) : m.asText());
        }
        if (c.has("normalize") && !c.param("normalize").asBoolean()) {
            params.put("reduction", "sum");
        }
        if (c.keras()) {
            String r = c.has("reduction") ? c.param("reduction").asText() : "sum_over_batch_size";
            params.put("reduction", r.equals("mean_with_sample_weight") ? "mean" : r);
            boolean logits = c.has("from_logits") && c.param("from_logits").asBoolean();
            if ((name.equals("bce") || name.equals("cce")) && !logits) {
                params.put("eps", 1e-7);
            }
            if (name.equals("cce") && !logits) {
                params.put("normalize_rows", true);
            }
        }
        if (c.loss().equals("log_loss") && !c.has("eps") && name.equals("bce")) {
            params.put("eps", Math.ulp(1.0)); // scikit-learn's eps="auto" for float64
        }

        boolean matrix = c.yPred().get(0).isArray() && c.yTrue().get(0).isArray();
        if (c.id().startsWith("sk_") && matrix && List.of("rmse", "rmsle", "r2", "explained_variance").contains(name)) {
            // scikit-learn reduces these per output column, then averages the columns
            params.putIfAbsent("multioutput", "uniform_average");
        }
        List<Object> labels = labels(c, name);
        List<Object> predictions = values(c.yPred());
        if (name.equals("brier") && !c.has("pos_label") && !labels.isEmpty() && labels.get(0) instanceof Double) {
            // scikit-learn's pos_label: the greater label, or 1 when every label is 0 or -1
            TreeSet<Double> distinct = new TreeSet<>();
            labels.forEach(y -> distinct.add((Double) y));
            if (!distinct.stream().allMatch(y -> y == 0 || y == 1)) {
                double pos = distinct.stream().allMatch(y -> y == 0 || y == -1) ? 1.0 : distinct.last();
                params.put("pos_label", pos);
            }
        }
        String spec = spec(name, params);
        try {
            if (!dev.lossreport.loss.ArrayOptions.needsOutputCount(Losses.type(name), params)) {
                Losses.parse(spec);
            }
        } catch (LossException e) {
            throw new Unmapped("no such loss yet: " + e.getMessage());
        }
        return new Mapped(spec, predictions, labels, weights(c, predictions.size()), masks(c), classes(c, name, labels));
    }

    /** Keras' mask: one boolean per sample, a row mask of the job (the rows it masks leave both sums). */
    private static List<Boolean> masks(PeerCase c) {
        if (!c.has("mask")) {
            return null;
        }
        List<Boolean> out = new ArrayList<>();
        c.param("mask").forEach(m -> out.add(m.asBoolean()));
        return out;
    }

    /** Class names are read by the job through the class list: the peer's labels, or their sorted set. */
    private static List<String> classes(PeerCase c, String name, List<Object> labels) {
        boolean named = !labels.isEmpty() && labels.get(0) instanceof String;
        if (!named && !(c.loss().equals("log_loss") && name.equals("cce") && c.has("labels"))) {
            return null;
        }
        List<String> classes = new ArrayList<>();
        if (c.has("labels")) {
            c.param("labels").forEach(l -> classes.add(l.asText()));
        } else {
            TreeSet<String> sorted = new TreeSet<>();
            labels.forEach(l -> sorted.add((String) l));
            classes.addAll(sorted);
        }
        return classes;
    }

    private static List<Object> labels(PeerCase c, String name) throws Unmapped {
        JsonNode y = c.yTrue();
        boolean categorical = name.equals("cce") && c.yPred().get(0).isArray();
        if (categorical && !y.get(0).isArray() && c.loss().equals("log_loss") && !y.get(0).isNumber()) {
            // class names: the job maps them to indices through the class list (classes below)
            List<Object> out = new ArrayList<>();
            y.forEach(v -> out.add(v.asText()));
            return out;
        }
        if (c.loss().equals("log_loss") && !c.yPred().get(0).isArray() && !y.get(0).isNumber()) {
            throw new Unmapped("string labels for a binary probability");
        }
        return values(y);
    }

    private static List<Object> values(JsonNode rows) {
        List<Object> out = new ArrayList<>();
        for (JsonNode r : rows) {
            if (r.isArray()) {
                double[] v = new double[r.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.get(i).asDouble();
                }
                out.add(v);
            } else {
                out.add(r.asDouble());
            }
        }
        return out;
    }

    private static List<Double> weights(PeerCase c, int n) {
        JsonNode w = c.sampleWeight();
        if (w == null || w.isNull()) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(w.isArray() ? w.get(i).asDouble() : w.asDouble());
        }
        return out;
    }

    private static void copy(PeerCase c, String from, Map<String, Object> to, String as) {
        if (c.has(from)) {
            JsonNode v = c.param(from);
            to.put(as, v.isNumber() ? v.asDouble() : v.isBoolean() ? v.asBoolean() : v.asText());
        }
    }

    private static String spec(String name, Map<String, Object> params) {
        if (params.isEmpty()) {
            return name;
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + v));
        return name + "(" + String.join(",", parts) + ")";
    }
}
