package dev.lossreport.loss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses loss specs: {@code name}, {@code name()} or {@code name(key=value, ...)}, where a value is a
 * number, a word, a quoted string or a bracketed list ({@code labels=[ham, spam]}).
 */
public final class SpecParser {
    /** A loss name with its raw parameter values. */
    public record Parsed(String name, Map<String, Object> params) {
    }

    private final String text;
    private int pos;

    private SpecParser(String text) {
        this.text = text;
    }

    public static Parsed parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new LossException("empty loss spec");
        }
        return new SpecParser(spec.trim()).spec();
    }

    private Parsed spec() {
        String name = word();
        if (name.isEmpty()) {
            throw error("a loss name");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        skipSpaces();
        if (peek('(')) {
            pos++;
            skipSpaces();
            if (!peek(')')) {
                do {
                    skipSpaces();
                    String key = word();
                    if (key.isEmpty()) {
                        throw error("a parameter name");
                    }
                    skipSpaces();
                    expect('=');
                    Object value = value();
                    if (params.put(key, value) != null) {
                        throw new LossException("loss spec '" + text + "': parameter '" + key + "' given twice");
                    }
                    skipSpaces();
                } while (consume(','));
            }
            expect(')');
        }
        skipSpaces();
        if (pos != text.length()) {
            throw error("the end of the spec");
        }
        return new Parsed(name, params);
    }

    private Object value() {
        skipSpaces();
        if (consume('[')) {
            List<Object> items = new ArrayList<>();
            skipSpaces();
            if (!peek(']')) {
                do {
                    items.add(value());
                    skipSpaces();
                } while (consume(','));
            }
            expect(']');
            return items;
        }
        if (peek('"') || peek('\'')) {
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("a closing " + quote);
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }
        int start = pos;
        while (pos < text.length() && ",)]".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String raw = text.substring(start, pos).trim();
        if (raw.isEmpty()) {
            throw error("a value");
        }
        return raw;
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean consume(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpaces();
        if (!consume(c)) {
            throw error("'" + c + "'");
        }
    }

    private LossException error(String expected) {
        return new LossException("loss spec '" + text + "': expected " + expected + " at position " + (pos + 1));
    }
}
