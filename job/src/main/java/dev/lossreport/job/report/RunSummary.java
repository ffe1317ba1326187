package dev.lossreport.job.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code _run.json} records beside a report: the run id, versions, start and end time, the
 * resolved config, the inputs and their row counts, join diagnostics, the plan and the outcome.
 */
public final class RunSummary {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private final ObjectNode root = JSON.createObjectNode();

    public RunSummary(String runId, Instant started) {
        root.put("run_id", runId);
        root.put("lossreport_version", Versions.lossreport());
        root.put("spark_version", Versions.spark());
        root.put("java_version", System.getProperty("java.version"));
        root.put("started_at", started.toString());
    }

    public String runId() {
        return root.get("run_id").asText();
    }

    public RunSummary put(String key, Object value) {
        root.set(key, JSON.valueToTree(value));
        return this;
    }

    public RunSummary finished(Instant at, String outcome, String error) {
        root.put("finished_at", at.toString());
        root.put("outcome", outcome);
        if (error != null) {
            root.put("error", error);
        }
        return this;
    }

    public ObjectNode tree() {
        return root;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ordered map, for building nested sections. */
    public static Map<String, Object> section() {
        return new LinkedHashMap<>();
    }
}
