package dev.lossreport.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The resolved, typed parameters of one loss, in declaration order; defaults filled in. */
public final class Params implements java.io.Serializable {
    private final Map<String, Object> values;
    private final List<String> shown;

    Params(Map<String, Object> values, List<String> shown) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.shown = List.copyOf(shown);
    }

    public double real(String name) {
        return (Double) get(name);
    }

    /** A real parameter that may be unset. */
    public Double optionalReal(String name) {
        return (Double) values.get(name);
    }

    public int integer(String name) {
        return (Integer) get(name);
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    public String text(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Double> reals(String name) {
        return (List<Double>) values.get(name);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** The same parameters without the named ones: what a loss lifted to arrays hands the loss it wraps. */
    Params without(java.util.Collection<String> names) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.keySet().removeAll(names);
        return new Params(v, shown.stream().filter(n -> !names.contains(n)).toList());
    }

    private Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return values.get(name);
    }

    /** {@code name=value,...} of the parameters that belong in the canonical spec. */
    String render() {
        return shown.stream().map(n -> n + "=" + format(values.get(n))).collect(Collectors.joining(","));
    }

    /** Numbers as a person writes them: 1.0, 0.25, 1e-15. */
    public static String format(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e7) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            String s = Double.toString(d);
            return s.replace(".0E", "e").replace("E", "e");
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Params::format).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(v);
    }
}
