package dev.lossreport.job.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One record of {@code ../shared/data/reference/peer-cases.jsonl}: a peer's input and expected value. */
record PeerCase(String id, String source, String loss, JsonNode params, JsonNode yTrue, JsonNode yPred,
                JsonNode sampleWeight, Double expected, String nonFinite, double tolerance) {

    static List<PeerCase> load(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<PeerCase> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            out.add(new PeerCase(n.get("id").asText(), n.get("source").asText(), n.get("loss").asText(),
                    n.get("params"), n.get("y_true"), n.get("y_pred"), n.get("sample_weight"),
                    n.get("expected").isNull() ? null : n.get("expected").asDouble(),
                    n.hasNonNull("expected_nonfinite") ? n.get("expected_nonfinite").asText() : null,
                    n.get("tolerance").asDouble()));
        }
        return out;
    }

    boolean keras() {
        return id.startsWith("keras_");
    }

    JsonNode param(String name) {
        return params == null ? null : params.get(name);
    }

    boolean has(String name) {
        JsonNode p = param(name);
        return p != null && !p.isNull();
    }
}
