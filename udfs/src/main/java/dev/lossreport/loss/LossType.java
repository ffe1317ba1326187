package dev.lossreport.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the registry knows of a loss before it has parameters: its name, one-line formula, domain,
 * direction, accepted inputs and declared parameters, and how to build it. The registry adds the
 * {@link ArrayOptions} ({@code multioutput}, {@code outputs}, {@code flatten}) to the parameters of
 * every per-row type that reads a pair of numbers.
 */
public record LossType(String name, String formula, String domain, Direction direction, Signature signature,
                       List<Param> params, Function<Params, Loss> factory) {

    public LossType {
        params = List.copyOf(params);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds the loss from raw parameter values (strings, numbers, lists); unknown names are errors. */
    public Loss create(Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (param(key) == null) {
                throw new LossException("loss '" + name + "' has no parameter '" + key + "'; "
                        + (params.isEmpty() ? "it takes none" : "its parameters are " + paramNames()));
            }
        }
        for (Param p : params) {
            Object v = raw.containsKey(p.name()) ? p.convert(name, raw.get(p.name())) : p.defaultValue();
            values.put(p.name(), v);
            boolean isDefault = v == null ? p.defaultValue() == null : v.equals(p.defaultValue());
            if (v != null && (p.shownWhenDefault() || !isDefault)) {
                shown.add(p.name());
            }
        }
        return ArrayOptions.build(this, new Params(values, shown), factory);
    }

    public Param param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public String paramNames() {
        return String.join(", ", params.stream().map(Param::name).toList());
    }

    public static final class Builder {
        private final String name;
        private String formula = "";
        private String domain = "";
        private Direction direction = Direction.LOWER_IS_BETTER;
        private Signature signature = Signature.ELEMENTWISE;
        private final List<Param> params = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder formula(String formula) {
            this.formula = formula;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = direction;
            return this;
        }

        public Builder signature(Signature signature) {
            this.signature = signature;
            return this;
        }

        public Builder params(Param... more) {
            params.addAll(List.of(more));
            return this;
        }

        public LossType build(Function<Params, Loss> factory) {
            return new LossType(name, formula, domain, direction, signature, params, factory);
        }
    }
}
