package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlp4j.AtomicFiles;
import org.dlp4j.Json;
import org.dlp4j.caffe.Caffe;

/**
 * Setup's settings in {@code WS/.dlp/settings.json}: {@code modelType}, {@code dataType} and {@code device}
 * ({@code cpu} or {@code gpuN}, checked against the CUDA devices the natives see).
 */
final class SettingsApi {
    private final WorkspacePaths ws;

    SettingsApi(WorkspacePaths ws) {
        this.ws = ws;
    }

    private Path settingsFile() {
        return ws.inside(".dlp", "settings.json");
    }

    void save(Context ctx) {
        JsonNode body = WebServer.json(ctx);
        if (!body.isObject()) {
            throw ApiException.badRequest("settings must be a JSON object");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : new String[] {"modelType", "dataType", "device"}) {
            if (body.hasNonNull(k)) {
                if (!body.get(k).isValueNode()) { // asText() of an object or a list is "": it was stored as such
                    throw ApiException.badRequest("setting '" + k + "' must be a string, got " + body.get(k));
                }
                m.put(k, body.get(k).asText());
            }
        }
        if (m.containsKey("device")) {
            String problem = deviceProblem((String) m.get("device"));
            if (problem != null) {
                throw ApiException.badRequest(problem);
            }
        }
        AtomicFiles.writeString(settingsFile(), Json.write(m));
        ctx.json(m);
    }

    /** The stored settings, with {@code problem} when the stored device cannot be used here (a GPU machine's). */
    void get(Context ctx) {
        JsonNode stored = RunManager.readJson(settingsFile());
        Map<String, Object> m = Json.MAPPER.convertValue(stored, LinkedHashMap.class);
        String problem = stored.hasNonNull("device") ? deviceProblem(stored.get("device").asText()) : null;
        if (problem != null) {
            m.put("problem", problem + "; Train and Deploy run on the CPU until you choose a device in Setup");
        }
        ctx.json(m);
    }

    /**
     * Why a device setting cannot be used on this machine, or null: {@code cpu}, or {@code gpuN} with N one of the
     * CUDA devices that GPU-enabled natives see.
     */
    static String deviceProblem(String device) {
        if (device.equals("cpu")) {
            return null;
        }
        java.util.regex.Matcher g = java.util.regex.Pattern.compile("gpu(\\d{1,4})").matcher(device);
        if (!g.matches()) {
            return "device '" + device + "' is not a device: use cpu, or gpu0, gpu1, ... for a CUDA device";
        }
        int n = Integer.parseInt(g.group(1));
        if (!Caffe.hasGpuNatives()) {
            return "device '" + device + "' cannot be used: this build has CPU-only Caffe natives (use cpu)";
        }
        int count = Caffe.gpuCount();
        if (n >= count) {
            return "device '" + device + "' cannot be used: " + count + " CUDA device(s) are visible"
                    + (count > 0 ? " (gpu0 to gpu" + (count - 1) + ")" : " (use cpu)");
        }
        return null;
    }

}
