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
 * translation is a documented parameter of ours (docs/conventions.md, "How the peers' conventions map"):
 * Keras' default reduction is {@code reduction=sum_over_batch_size}, its clipping {@code eps=1e-7}, its
 * CCE renormalization {@code normalize_rows=true}, its MSLE clamp {@code floor=1e-7}, its MAPE
 * {@code percent=true, eps=1e-7}; scikit-learn's {@code normalize=False} is {@code reduction=sum}, its
 * y_pred of class labels {@code predicted_class=true}, its unweighted percentiles
 * {@code quantile_method=linear}; Spark's {@code throughOrigin} is {@code through_origin=true}.
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
            case "median_ae" -> "median_absolute_error";
            case "poisson" -> "poisson_nll"; // Keras' poisson is the likelihood, not the deviance
            case "binary_focal_crossentropy" -> "focal";
            case "categorical_focal_crossentropy" -> "categorical_focal";
            case "r2_through_origin" -> "r2";
            case "spark_explained_variance" -> throw new Unmapped("Spark MLlib's explainedVariance is another statistic");
            default -> c.loss();
        };
        for (String unsupported : List.of("dtype")) {
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
        copy(c, "alpha", params, "alpha");
        copy(c, "gamma", params, "gamma");
        copy(c, "k", params, "k");
        copy(c, "throughOrigin", params, "through_origin");
        if (c.has("multioutput")) {
            // scikit-learn's multioutput is ours: a named choice or a list of output weights
            JsonNode m = c.param("multioutput");
            params.put("multioutput", m.isArray() ? values(m) : m.asText());
        }
        if (c.has("power") && !name.equals("tweedie_deviance") && !name.equals("d2_tweedie")) {
            // poisson_deviance and gamma_deviance fix the power; the case states it
            double fixed = name.equals("poisson_deviance") ? 1 : 2;
            if (c.param("power").asDouble() != fixed) {
                throw new Unmapped("power " + c.param("power") + " for " + name);
            }
        } else {
            copy(c, "power", params, "power");
        }
        if (c.has("normalize") && !c.param("normalize").asBoolean()) {
            params.put("reduction", "sum");
        }
        boolean logits = c.has("from_logits") && c.param("from_logits").asBoolean();
        if (c.keras()) {
            String r = c.has("reduction") ? c.param("reduction").asText() : "sum_over_batch_size";
            params.put("reduction", r.equals("mean_with_sample_weight") ? "mean" : r);
            if (List.of("bce", "cce", "focal", "categorical_focal", "kl_divergence").contains(name) && !logits) {
                params.put("eps", 1e-7); // keras.backend.epsilon()
            }
            if ((name.equals("cce") || name.equals("categorical_focal")) && !logits) {
                params.put("normalize_rows", true);
            }
            if (name.equals("msle")) {
                params.put("floor", 1e-7); // log(max(x, 1e-7) + 1)
            }
            if (name.equals("mape")) {
                params.put("percent", true);
                params.put("eps", 1e-7);
            }
        }
        if (c.loss().equals("log_loss") && !c.has("eps") && name.equals("bce")) {
            params.put("eps", Math.ulp(1.0)); // scikit-learn's eps="auto" for float64
        }
        if (List.of("accuracy", "zero_one", "hamming").contains(name) && !c.keras()) {
            params.put("predicted_class", true); // scikit-learn's and Spark's y_pred holds predicted labels
        }
        if (List.of("median_absolute_error", "d2_absolute_error", "d2_pinball").contains(name)) {
            // scikit-learn: np.median / np.percentile without weights, _weighted_percentile with them
            params.put("quantile_method", c.sampleWeight() == null || c.sampleWeight().isNull() ? "linear" : "inverted_cdf");
        }

        boolean matrix = c.yPred().get(0).isArray() && c.yTrue().get(0).isArray();
        if (c.id().startsWith("sk_") && matrix && List.of("rmse", "rmsle", "r2", "explained_variance",
                "median_absolute_error", "d2_absolute_error", "d2_pinball").contains(name)) {
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
        if (name.equals("hinge") && !c.has("pos_label") && !labels.isEmpty() && labels.get(0) instanceof Double) {
            // scikit-learn maps the greater of two labels to +1 (LabelBinarizer)
            TreeSet<Double> distinct = new TreeSet<>();
            labels.forEach(y -> distinct.add((Double) y));
            if (!distinct.stream().allMatch(y -> y == 0 || y == 1 || y == -1)) {
                params.put("pos_label", distinct.last());
            }
        }
        if (name.equals("d2_log_loss") && c.yPred().get(0).isArray()) {
            params.put("num_classes", c.yPred().get(0).size());
        }
        String spec = spec(name, params);
        try {
            if (!dev.lossreport.loss.ArrayOptions.needsOutputCount(Losses.type(name), params)) {
                Losses.parse(spec);
            }
        } catch (LossException e) {
            throw new Unmapped("no such loss yet: " + e.getMessage());
        }
        return new Mapped(spec, predictions, labels, weights(c, predictions.size()), masks(c), classes(c, labels));
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
    private static List<String> classes(PeerCase c, List<Object> labels) {
        if (labels.isEmpty() || !(labels.get(0) instanceof String)) {
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
        if (name.equals("cce") && c.loss().equals("log_loss") && c.yPred().get(0).isArray()
                && !y.get(0).isArray() && !y.get(0).isNumber()) {
            // class names: the job maps them to indices through the class list (classes above)
            List<Object> out = new ArrayList<>();
            y.forEach(v -> out.add(v.asText()));
            return out;
        }
        boolean classLabels = (name.equals("cce") && c.loss().equals("log_loss"))
                || name.equals("d2_log_loss") || name.equals("multiclass_hinge");
        if (classLabels && c.yPred().get(0).isArray() && !y.get(0).isArray()) {
            // class labels: indices into the sorted labels (scikit-learn) or the given label list
            List<String> classes = new ArrayList<>();
            if (c.has("labels")) {
                c.param("labels").forEach(l -> classes.add(l.asText()));
            } else {
                // np.unique order: numeric for numbers, lexicographic for strings
                TreeSet<String> sorted = new TreeSet<>(java.util.Comparator.comparing(
                        (String v) -> y.get(0).isNumber() ? Double.parseDouble(v) : 0.0).thenComparing(v -> v));
                y.forEach(v -> sorted.add(v.asText()));
                classes.addAll(sorted);
            }
            List<Object> out = new ArrayList<>();
            for (JsonNode v : y) {
                int i = classes.indexOf(v.asText());
                if (i < 0 && v.isNumber()) {
                    i = v.asInt();
                }
                out.add((double) i);
            }
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
