package dev.lossreport.job.bench;

import java.util.ArrayList;
import java.util.List;

/** One benchmark configuration: the table, the losses and the slicings (the overall slice is always added). */
record BenchCase(String table, long rows, long groups, List<BenchLosses.BenchLoss> losses, List<List<String>> slicings) {

    /** 1 slicing: by g1 (G groups). 4 slicings: g1, g2 (100), g3 (10), g4 (1000). */
    static List<List<String>> slicings(int count) {
        List<List<String>> all = List.of(List.of("g1"), List.of("g2"), List.of("g3"), List.of("g4"));
        return List.copyOf(all.subList(0, count));
    }

    /** The loss's prediction column: "spec@column" names another one than p. */
    static String prediction(BenchLosses.BenchLoss l) {
        int at = l.spec().indexOf('@');
        return at < 0 ? (l.spec().startsWith("bce(") && l.spec().contains("from_logits=true") ? "x" : "p")
                : l.spec().substring(at + 1);
    }

    static String spec(BenchLosses.BenchLoss l) {
        int at = l.spec().indexOf('@');
        return at < 0 ? l.spec() : l.spec().substring(0, at);
    }

    /** GROUPING SETS ((), (g1), ...) of the report's slices. */
    String groupingSets() {
        List<String> sets = new ArrayList<>(List.of("()"));
        slicings.forEach(s -> sets.add("(" + String.join(", ", s) + ")"));
        return "GROUPING SETS (" + String.join(", ", sets) + ")";
    }

    List<String> groupColumns() {
        List<String> cols = new ArrayList<>();
        slicings.forEach(s -> s.forEach(c -> {
            if (!cols.contains(c)) {
                cols.add(c);
            }
        }));
        return cols;
    }

    /** Key of one value for the agreement check: the slicing's columns, their values, the loss. */
    static String key(String slicing, Object group, String loss) {
        return slicing + "|" + (group == null ? "" : ((Number) group).longValue()) + "|" + loss;
    }
}
