package org.dlp4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports through the API: synthetic Sunnybrook data generated and imported in a background job. */
class WebImportTest {
    @TempDir
    static Path ws;
    static WebServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        server = new WebServer(ws, "tok");
        api = new ApiClient(server.start("127.0.0.1", 0), "tok");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void syntheticImportReportsProgressAndFillsTheWorkspace() throws Exception {
        ApiClient.Response r = api.post("/api/import", Map.of("kind", "synth", "cases", 3, "seed", 5,
                "valFraction", 0.34, "testFraction", 0.34));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String id = r.json().path("id").asText();
        List<ApiClient.Event> events = api.events("/api/jobs/" + id + "/events", e -> "end".equals(e.name()), 60);
        assertThat(events).filteredOn(e -> "progress".equals(e.name())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.data().path("done").asLong()).isLessThanOrEqualTo(e.data().path("total").asLong()));
        JsonNode end = events.get(events.size() - 1).data();
        assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("completed");
        JsonNode split = end.path("report").path("slicesPerSplit");
        assertThat(split.path("train").asInt()).isPositive();
        assertThat(api.get("/api/jobs/" + id).json().path("status").asText()).isEqualTo("completed");

        JsonNode d = api.get("/api/datasets").json();
        assertThat(d.path("lmdb").path("train_lmdb").path("count").asInt()).isEqualTo(split.path("train").asInt());
        assertThat(d.path("lmdb").path("train_gt_lmdb").path("count").asInt()).isEqualTo(split.path("train").asInt());
        assertThat(d.path("lmdb").path("val_lmdb").path("count").asInt()).isEqualTo(split.path("val").asInt());
        try (Stream<Path> s = Files.list(ws.resolve("data/test_images"))) {
            assertThat(d.path("testImages").asLong()).isEqualTo(s.count()).isEqualTo(split.path("test").asLong());
        }
        assertThat(d.path("dataset").isObject()).isTrue();
        assertThat(ws.resolve("raw/synthetic-3-5")).isDirectory();
        assertThat(api.get("/api/lmdb/train_lmdb/0").contentType()).isEqualTo("image/png");

        // the same import again fails inside the job: the dataset exists and force was not given
        String again = api.post("/api/import", Map.of("kind", "synth", "cases", 3, "seed", 5)).json().path("id").asText();
        List<ApiClient.Event> second = api.events("/api/jobs/" + again + "/events", e -> "end".equals(e.name()), 60);
        assertThat(second.get(second.size() - 1).data().path("status").asText()).isEqualTo("failed");
        assertThat(second.get(second.size() - 1).data().path("error").asText()).contains("exist");
    }

    @Test
    void realSunnybrookFolderInsideTheWorkspace(@TempDir Path other) throws Exception {
        Path src = Path.of("../shared/data/sunnybrook/final_data");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(src), "shared data missing");
        Path raw = other.resolve("raw/final_data");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = raw.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        try (WebServer s2 = new WebServer(other, "t2")) {
            ApiClient c = new ApiClient(s2.start("127.0.0.1", 0), "t2");
            String id = c.post("/api/import", Map.of("kind", "sunnybrook", "path", "raw/final_data", "valFraction", 0.34,
                    "testFraction", 0.34)).json().path("id").asText();
            List<ApiClient.Event> events = c.events("/api/jobs/" + id + "/events", e -> "end".equals(e.name()), 60);
            JsonNode end = events.get(events.size() - 1).data();
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("completed");
            int written = end.path("report").path("written").asInt();
            JsonNode split = end.path("report").path("slicesPerSplit");
            assertThat(written).isPositive()
                    .isEqualTo(split.path("train").asInt() + split.path("val").asInt() + split.path("test").asInt());
            JsonNode d = c.get("/api/datasets").json();
            assertThat(d.path("lmdb").path("train_gt_lmdb").path("count").asInt()).isEqualTo(split.path("train").asInt());
            assertThat(d.path("lmdb").path("train_lmdb").path("height").asInt()).isEqualTo(256);
            assertThat(c.get("/api/lmdb/train_gt_lmdb/0").contentType()).isEqualTo("image/png");
        }
    }

    @Test
    void theJobListFindsARunningImportAfterAReload(@TempDir Path other) throws Exception {
        Files.createDirectories(other.resolve("raw/img"));
        Files.createDirectories(other.resolve("raw/lbl"));
        try (WebServer s2 = new WebServer(other, "t3")) {
            ApiClient c = new ApiClient(s2.start("127.0.0.1", 0), "t3");
            assertThat(c.get("/api/jobs").json().path("jobs")).isEmpty();
            // an import that fails (empty folders), then one that runs
            String failed = c.post("/api/import", Map.of("kind", "images", "images", "raw/img", "labels", "raw/lbl"))
                    .json().path("id").asText();
            List<ApiClient.Event> fe = c.events("/api/jobs/" + failed + "/events", e -> "end".equals(e.name()), 30);
            String error = fe.get(fe.size() - 1).data().path("error").asText();
            assertThat(error).isNotBlank();
            ApiClient.Response r = c.post("/api/import", Map.of("kind", "synth", "cases", 2, "seed", 4));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            String running = r.json().path("id").asText();

            // what a reloaded page sees: the running import first, with what it is and when it started
            JsonNode jobs = c.get("/api/jobs").json().path("jobs");
            assertThat(jobs).extracting(j -> j.path("id").asText()).containsExactly(running, failed);
            assertThat(jobs.get(0).path("status").asText()).isEqualTo("running");
            assertThat(jobs.get(0).path("kind").asText()).isEqualTo("synth");
            assertThat(jobs.get(0).path("what").asText()).contains("2 cases", "seed 4");
            assertThat(java.time.Instant.parse(jobs.get(0).path("start").asText())).isBefore(java.time.Instant.now());
            assertThat(jobs.get(1).path("status").asText()).isEqualTo("failed");
            assertThat(jobs.get(1).path("error").asText()).isEqualTo(error);
            assertThat(jobs.get(1).path("what").asText()).isEqualTo("images raw/img with labels raw/lbl");
            assertThat(jobs.get(1).path("end").asText()).isNotBlank();

            // it reattaches to the listed job's stream: progress so far, then the result
            List<ApiClient.Event> events = c.events("/api/jobs/" + jobs.get(0).path("id").asText() + "/events",
                    e -> "end".equals(e.name()), 60);
            assertThat(events).filteredOn(e -> "progress".equals(e.name())).isNotEmpty();
            JsonNode end = events.get(events.size() - 1).data();
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("completed");
            JsonNode done = c.get("/api/jobs").json().path("jobs").get(0);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("report").path("written").asInt()).isPositive()
                    .isEqualTo(end.path("report").path("written").asInt());
            assertThat(done.path("end").asText()).isEqualTo(end.path("end").asText());
        }
    }

    @Test
    void badImportRequests() {
        WebApiTest.assertError(api.post("/api/import", Map.of("kind", "tarball")), 400, "kind");
        WebApiTest.assertError(api.post("/api/import", Map.of("kind", "synth", "cases", 0)), 400, "cases");
        WebApiTest.assertError(api.post("/api/import", Map.of("kind", "sunnybrook", "path", "/etc")), 403);
        WebApiTest.assertError(api.post("/api/import", Map.of("kind", "sunnybrook", "path", "nothere")), 400, "not found");
        WebApiTest.assertError(api.get("/api/jobs/import-999"), 404, "import-999");
    }
}
