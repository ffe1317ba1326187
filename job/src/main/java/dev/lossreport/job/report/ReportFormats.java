package dev.lossreport.job.report;

import java.util.Map;

/**
 * Reader and writer options per report format: CSV reports carry a header; JSON reports write null
 * fields as {@code null} (Spark leaves them out by default), so every line has every column.
 */
public final class ReportFormats {
    private ReportFormats() {
    }

    public static Map<String, String> writeOptions(String format) {
        return switch (format) {
            case "csv" -> Map.of("header", "true");
            case "json" -> Map.of("ignoreNullFields", "false");
            default -> Map.of();
        };
    }

    public static Map<String, String> readOptions(String format) {
        return format.equals("csv") ? Map.of("header", "true") : Map.of();
    }
}
