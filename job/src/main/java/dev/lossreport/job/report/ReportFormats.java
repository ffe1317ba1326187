package dev.lossreport.job.report;

import java.util.Map;

/** Reader and writer options per report format (CSV reports carry a header). */
public final class ReportFormats {
    private ReportFormats() {
    }

    public static Map<String, String> writeOptions(String format) {
        return format.equals("csv") ? Map.of("header", "true") : Map.of();
    }

    public static Map<String, String> readOptions(String format) {
        return writeOptions(format);
    }
}
