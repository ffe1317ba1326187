package dev.lossreport.loss;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One declared parameter of a loss: its name, kind, default, a one-line description and a range check.
 * Values arrive as strings (from a spec such as {@code huber(delta=2)}) or as YAML scalars and lists,
 * and are converted here, so every loss sees typed values.
 */
public record Param(String name, Kind kind, Object defaultValue, String doc, Predicate<Object> check,
                    String checkDoc, List<String> choices, boolean shownWhenDefault) {

    public enum Kind { REAL, INT, BOOL, CHOICE, REAL_LIST, TEXT_LIST, CHOICE_OR_REAL_LIST }

    public static Param real(String name, double defaultValue, String doc, Predicate<Double> check, String checkDoc) {
        return new Param(name, Kind.REAL, defaultValue, doc, v -> check.test((Double) v), checkDoc, List.of(), true);
    }

    public static Param integer(String name, int defaultValue, String doc, Predicate<Integer> check, String checkDoc) {
        return new Param(name, Kind.INT, defaultValue, doc, v -> check.test((Integer) v), checkDoc, List.of(), true);
    }

    public static Param bool(String name, boolean defaultValue, String doc) {
        return new Param(name, Kind.BOOL, defaultValue, doc, v -> true, "", List.of(), true);
    }

    public static Param choice(String name, String defaultValue, String doc, String... choices) {
        return new Param(name, Kind.CHOICE, defaultValue, doc, v -> true, "", List.of(choices), true);
    }

    /** An optional real number: null means "not set". */
    public static Param optionalReal(String name, String doc) {
        return new Param(name, Kind.REAL, null, doc, v -> true, "", List.of(), false);
    }

    /** An optional integer: null means "not set". */
    public static Param optionalInteger(String name, String doc, Predicate<Integer> check, String checkDoc) {
        return new Param(name, Kind.INT, null, doc, v -> check.test((Integer) v), checkDoc, List.of(), false);
    }

    /** Unset by default; one of the named choices, or a list of numbers (e.g. scikit-learn's multioutput). */
    public static Param choiceOrReals(String name, String doc, Predicate<Object> check, String checkDoc, String... choices) {
        return new Param(name, Kind.CHOICE_OR_REAL_LIST, null, doc, check, checkDoc, List.of(choices), false);
    }

    public static Param realList(String name, String doc) {
        return new Param(name, Kind.REAL_LIST, null, doc, v -> true, "", List.of(), false);
    }

    /** The same parameter, left out of the canonical spec while it has its default value. */
    public Param hiddenWhenDefault() {
        return new Param(name, kind, defaultValue, doc, check, checkDoc, choices, false);
    }

    /** Converts a raw value (a string, number, boolean or list) to this parameter's type and checks it. */
    public Object convert(String loss, Object raw) {
        if (raw == null) {
            return null;
        }
        Object value;
        try {
            value = switch (kind) {
                case REAL -> raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
                case INT -> toInt(raw);
                case BOOL -> toBool(raw);
                case CHOICE -> toChoice(raw.toString().trim());
                case REAL_LIST -> toList(raw).stream()
                        .map(o -> o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString().trim()))
                        .toList();
                case TEXT_LIST -> toList(raw).stream().map(o -> o.toString().trim()).toList();
                case CHOICE_OR_REAL_LIST -> raw instanceof List<?> || raw.toString().trim().startsWith("[")
                        ? toList(raw).stream()
                                .map(o -> o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString().trim()))
                                .toList()
                        : toChoice(raw.toString().trim());
            };
        } catch (NumberFormatException e) {
            throw new LossException("loss '" + loss + "': parameter '" + name + "' must be " + expected()
                    + ", got '" + raw + "'");
        }
        if (!check.test(value)) {
            throw new LossException("loss '" + loss + "': parameter '" + name + "' must be " + checkDoc
                    + ", got " + Params.format(value));
        }
        return value;
    }

    /** What a value of this parameter looks like, for help and error messages. */
    public String expected() {
        return switch (kind) {
            case REAL -> "a number";
            case INT -> "an integer";
            case BOOL -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case REAL_LIST -> "a list of numbers";
            case TEXT_LIST -> "a list of names";
            case CHOICE_OR_REAL_LIST -> "one of " + String.join(", ", choices) + ", or a list of numbers";
        };
    }

    private Integer toInt(Object raw) {
        if (raw instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new NumberFormatException();
            }
            return n.intValue();
        }
        return Integer.parseInt(raw.toString().trim());
    }

    private Boolean toBool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new NumberFormatException();
        };
    }

    private String toChoice(String s) {
        if (!choices.contains(s)) {
            throw new NumberFormatException();
        }
        return s;
    }

    private static List<?> toList(Object raw) {
        if (raw instanceof List<?> l) {
            return l;
        }
        String s = raw.toString().trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.isBlank() ? List.of() : List.of(s.split(","));
    }
}
