package dev.lossreport.loss;

import java.util.Collection;
import java.util.Comparator;

/** The known name closest to a misspelt one, for error messages: {@code " (did you mean 'huber'?)"}. */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The hint for the closest of {@code known} (at most about a third of the letters away), or "". */
    public static String hint(String name, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(k -> distance(k, name)))
                .filter(k -> distance(k, name) <= Math.max(2, name.length() / 3))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
