package org.dlp4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.MaskIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training through the API (worker process, SSE events, stop, resume) and inference on its weights. */
class WebTrainingTest {
    @TempDir
    static Path ws;
    static WebServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        WebFixture.dataset(ws);
        WebFixture.net(ws, 10);
        server = new WebServer(ws, "tok");
        api = new ApiClient(server.start("127.0.0.1", 0), "tok");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStartSaysWhenItsTestPassesDoNotCoverTheValidationSet() throws Exception {
        // the val LMDB holds 4 records; test_iter 1 x batch_size 2 reads 2 of them a pass
        Path dir = Files.createDirectories(ws.resolve("nets/tiny-part"));
        Files.copy(ws.resolve("nets/tiny-fcn/train_val.prototxt"), dir.resolve("train_val.prototxt"));
        Files.copy(ws.resolve("nets/tiny-fcn/labels.txt"), dir.resolve("labels.txt"));
        Files.writeString(dir.resolve("solver.prototxt"), WebFixture.solver(2)
                .replace("nets/tiny-fcn/", "nets/tiny-part/").replace("test_iter: 2", "test_iter: 1"));
        ApiClient.Response started = api.post("/api/runs", Map.of("net", "tiny-part", "run", "part"));
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        JsonNode notes = started.json().path("notes");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).asText()).contains("test_iter 1 x batch_size 2 = 2 records").contains("holds 4")
                .contains("test_iter: 2 would cover it exactly");
        api.events("/api/runs/part/events", e -> "end".equals(e.name()), 60);

        ApiClient.Response covered = api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "covered", "maxIter", 2));
        assertThat(covered.status()).as(covered.text()).isEqualTo(201);
        assertThat(covered.json().path("notes")).isEmpty();
        api.events("/api/runs/covered/events", e -> "end".equals(e.name()), 60);
    }

    @Test
    void trainStreamsEventsThenInferWritesOverlaysAndScores() throws Exception {
        ApiClient.Response started = api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "r1"));
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        assertThat(started.json().path("dir").asText()).isEqualTo("runs/r1");
        WebApiTest.assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "r1")), 409, "already running");

        List<ApiClient.Event> events = api.events("/api/runs/r1/events", e -> "end".equals(e.name()), 60);
        List<Integer> iterations = events.stream().filter(e -> "iteration".equals(e.name()))
                .map(e -> e.data().path("iteration").asInt()).toList();
        assertThat(iterations).hasSizeGreaterThanOrEqualTo(9).isSorted();
        assertThat(iterations.get(iterations.size() - 1)).isIn(9, 10);
        assertThat(events).filteredOn(e -> "iteration".equals(e.name()))
                .allSatisfy(e -> assertThat(e.data().path("loss").asDouble()).isPositive());
        List<ApiClient.Event> tests = events.stream().filter(e -> "test".equals(e.name())).toList();
        assertThat(tests).extracting(e -> e.data().path("iteration").asInt()).contains(5, 10);
        assertThat(tests).allSatisfy(e -> assertThat(e.data().path("dice").asDouble()).isBetween(0.0, 1.0));
        assertThat(events).filteredOn(e -> "snapshot".equals(e.name())).extracting(e -> e.data().path("iteration").asInt())
                .contains(5, 10);
        ApiClient.Event end = events.get(events.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().path("outcome").asText()).isEqualTo("completed");

        // a late subscriber gets the same history
        List<ApiClient.Event> replay = api.events("/api/runs/r1/events", e -> "end".equals(e.name()), 20);
        assertThat(replay.stream().filter(e -> "iteration".equals(e.name())).count()).isEqualTo(iterations.size());

        JsonNode run = api.get("/api/runs/r1").json();
        assertThat(run.path("status").asText()).isEqualTo("completed");
        assertThat(run.path("metrics").size()).isGreaterThanOrEqualTo(iterations.size());
        assertThat(run.path("latestWeights").asText()).isEqualTo("runs/r1/snapshots/tiny_iter_10.caffemodel");
        // newest first (other tests of this class start runs too, before or after this one)
        List<JsonNode> listed = new java.util.ArrayList<>();
        api.get("/api/runs").json().path("runs").forEach(listed::add);
        assertThat(listed).extracting(n -> n.path("id").asText()).contains("r1");
        assertThat(listed).extracting(n -> n.path("start").asText()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<String> logLines = Files.readAllLines(ws.resolve("runs/r1/caffe.log"));
        assertThat(api.get("/api/runs/r1/log?lines=5").json().path("lines")).extracting(JsonNode::asText)
                .isEqualTo(logLines.subList(Math.max(0, logLines.size() - 5), logLines.size()));
        WebApiTest.assertError(api.post("/api/runs/r1/stop", ""), 409, "not running");
        WebApiTest.assertError(api.get("/api/runs/nope"), 404, "nope");

        JsonNode same = api.post("/api/nets/tiny-fcn/transfer",
                Map.of("weights", "runs/r1/snapshots/tiny_iter_10.caffemodel")).json();
        assertThat(same.path("copied")).extracting(JsonNode::asText).containsExactlyInAnyOrder("conv1", "score");
        assertThat(same.path("mismatched")).isEmpty();
        api.put("/api/nets/wider/train_val", WebFixture.TRAIN_VAL.replace("num_output: 8", "num_output: 16"));
        JsonNode wider = api.post("/api/nets/wider/transfer",
                Map.of("weights", "runs/r1/snapshots/tiny_iter_10.caffemodel", "inputShape", "1,1,24,24")).json();
        assertThat(wider.path("mismatched").toString()).contains("conv1").contains("score");
        assertThat(wider.path("text").asText()).contains("conv1");
        WebApiTest.assertError(api.post("/api/nets/tiny-fcn/transfer", Map.of("weights", "none.caffemodel")), 400,
                "not found");

        JsonNode d = api.get("/api/infer/defaults?run=r1").json();
        assertThat(d.path("deploy").asText()).isEqualTo("nets/tiny-fcn/deploy.prototxt");
        assertThat(d.path("labels").asText()).isEqualTo("nets/tiny-fcn/labels.txt");
        assertThat(d.path("scale").asDouble()).isEqualTo(0.00390625);

        // the workspace's pixel spacing, which the Deploy evaluation must measure in (it used 1 mm a pixel)
        Files.writeString(ws.resolve("data/dataset.json"),
                "{\"pixelSpacing\": {\"slice0.png\": [1.5, 1.5], \"slice1.png\": [1.5, 1.5]}}");
        ApiClient.Response inferred = api.post("/api/infer", Map.of("run", "r1",
                "images", List.of("data/test_images/slice0.png", "data/test_images/slice1.png"), "progress", "p-1"));
        assertThat(inferred.status()).as(inferred.text()).isEqualTo(200);
        JsonNode r = inferred.json();
        // the progress stream, replayed to a late subscriber: the last image's event, then the end
        List<ApiClient.Event> progress = api.events("/api/infer/progress/p-1/events", e -> "end".equals(e.name()), 30);
        assertThat(progress).filteredOn(e -> "progress".equals(e.name())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.data().path("total").asInt()).isEqualTo(2))
                .last().satisfies(e -> assertThat(e.data().path("done").asInt()).isEqualTo(2));
        assertThat(progress.get(progress.size() - 1).data().path("status").asText()).isEqualTo("completed");
        assertThat(progress.get(progress.size() - 1).data().path("images").asInt()).isEqualTo(2);
        assertThat(api.get("/api/infer/progress/bad..id/events").status()).isEqualTo(400);
        assertThat(r.path("out").asText()).isEqualTo("predictions/r1");
        assertThat(r.path("images")).hasSize(2);
        Path mask = ws.resolve("predictions/r1/masks/slice0.png");
        ClassMask m = MaskIO.readClasses(mask);
        assertThat(r.path("images").get(0).path("foregroundPixels").asLong()).isEqualTo(m.foregroundCount());
        assertThat(ws.resolve("predictions/r1/overlays/slice0.png")).isRegularFile();
        assertThat(ws.resolve("predictions/r1/predictions.csv")).content().contains("slice0.png");
        for (String line : Files.readAllLines(ws.resolve("predictions/r1/predictions.csv")).subList(1, 3)) {
            String[] f = line.split(",");
            JsonNode row = r.path("images").get(f[0].startsWith("slice0") ? 0 : 1);
            assertThat(row.path("ms").asDouble()).as("each image's own time").isEqualTo(Double.parseDouble(f[3]));
        }
        ApiClient.Response overlay = api.get(r.path("images").get(0).path("overlay").asText());
        assertThat(overlay.contentType()).isEqualTo("image/png");
        assertThat(overlay.body()).isEqualTo(Files.readAllBytes(ws.resolve("predictions/r1/overlays/slice0.png")));
        JsonNode eval = r.path("evaluation");
        assertThat(eval.path("rows")).hasSize(2);
        assertThat(eval.path("spacingNote").asText()).as(eval.toString()).contains("pixel spacing from");
        assertThat(eval.path("per_image").findValues("spacing_mm")).allSatisfy(sp ->
                assertThat(sp.get(0).asDouble()).isEqualTo(1.5));
        ClassMask truth = MaskIO.readClasses(ws.resolve("data/test_labels/slice0.png"));
        assertThat(eval.path("rows").findValuesAsText("image")).containsExactlyInAnyOrder("slice0", "slice1");
        double dice0 = 0;
        for (JsonNode row : eval.path("rows")) {
            if (row.path("image").asText().startsWith("slice0")) {
                dice0 = row.path("dice").asDouble();
            }
        }
        assertThat(dice0).isCloseTo(dice(truth, m), org.assertj.core.data.Offset.offset(1e-9));

        // two inferences into one run's folder at once: the second is refused while the first writes; the folder is
        // free again afterwards
        Map<String, Object> twice = Map.of("run", "r1", "images", List.of("data/test_images/slice0.png"));
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<ApiClient.Response>> both = two.invokeAll(List.of(
                    () -> api.post("/api/infer", twice), () -> api.post("/api/infer", twice)));
            List<Integer> codes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<ApiClient.Response> f : both) {
                codes.add(f.get().status());
                if (f.get().status() == 409) {
                    assertThat(f.get().text()).contains("predictions/r1").contains("still running");
                }
            }
            assertThat(codes).containsExactlyInAnyOrder(200, 409);
        } finally {
            two.shutdownNow();
        }
        assertThat(api.post("/api/infer", twice).status()).isEqualTo(200);
        // a file that is no image is skipped, its reason naming it by its workspace path (no server paths)
        Files.writeString(ws.resolve("data/test_images/broken.png"), "not a png");
        ApiClient.Response skipping = api.post("/api/infer", Map.of("run", "r1", "images",
                List.of("data/test_images/slice0.png", "data/test_images/broken.png")));
        assertThat(skipping.status()).as(skipping.text()).isEqualTo(200);
        assertThat(skipping.json().path("skipped")).singleElement().satisfies(sk -> {
            assertThat(sk.path("file").asText()).isEqualTo("data/test_images/broken.png");
            assertThat(sk.path("reason").asText()).contains("data/test_images/broken.png")
                    .doesNotContain(ws.toString());
        });
        Files.delete(ws.resolve("data/test_images/broken.png"));

        WebApiTest.assertError(api.post("/api/infer", Map.of("run", "r1", "images", List.of("/etc/hostname"))), 403);
        WebApiTest.assertError(api.post("/api/infer", Map.of("run", "r1", "images", List.of())), 400, "images");
        WebApiTest.assertError(api.post("/api/infer", Map.of("images", List.of("data/test_images/slice0.png"))), 400,
                "'deploy' is required");
    }

    static double dice(ClassMask a, ClassMask b) {
        long inter = 0;
        long sa = 0;
        long sb = 0;
        for (int i = 0; i < a.values().length; i++) {
            boolean x = a.values()[i] == 1;
            boolean y = b.values()[i] == 1;
            inter += x && y ? 1 : 0;
            sa += x ? 1 : 0;
            sb += y ? 1 : 0;
        }
        return sa + sb == 0 ? 1 : 2.0 * inter / (sa + sb);
    }

    @Test
    void stopSnapshotsAndResumeContinues() throws Exception {
        ApiClient.Response started = api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "long", "maxIter", 100000,
                "snapshot", 20, "testInterval", 1000));
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        List<ApiClient.Event> first = api.events("/api/runs/long/events", e -> "iteration".equals(e.name())
                && e.data().path("iteration").asInt() >= 25, 60);
        assertThat(first).isNotEmpty();
        assertThat(api.post("/api/runs/long/stop", "").status()).isEqualTo(202);
        List<ApiClient.Event> all = api.events("/api/runs/long/events", e -> "end".equals(e.name()), 60);
        ApiClient.Event end = all.get(all.size() - 1);
        assertThat(end.data().path("outcome").asText()).isEqualTo("stopped");
        int stoppedAt = end.data().path("summary").path("iteration").asInt();
        assertThat(stoppedAt).isGreaterThanOrEqualTo(25);
        assertThat(api.get("/api/runs/long").json().path("status").asText()).isEqualTo("stopped");

        ApiClient.Response resumed = api.post("/api/runs/long/resume", "");
        assertThat(resumed.status()).as(resumed.text()).isEqualTo(201);
        assertThat(resumed.json().path("resumedFrom").asText()).endsWith("_iter_" + stoppedAt + ".solverstate");
        JsonNode d = api.get("/api/infer/defaults?run=long").json();
        assertThat(d.path("deploy").asText()).as("defaults after a resume").isEqualTo("nets/tiny-fcn/deploy.prototxt");
        assertThat(d.path("labels").asText()).isEqualTo("nets/tiny-fcn/labels.txt");
        List<ApiClient.Event> more = api.events("/api/runs/long/events", e -> "iteration".equals(e.name())
                && e.data().path("iteration").asInt() >= stoppedAt + 3, 60);
        assertThat(more).filteredOn(e -> "iteration".equals(e.name())).first()
                .satisfies(e -> assertThat(e.data().path("iteration").asInt()).isGreaterThan(stoppedAt));
        WebApiTest.assertError(api.post("/api/runs/long/resume", ""), 409, "still running");
        // while it runs again, the stopped attempt's end and summary are not shown as the run's
        JsonNode running = api.get("/api/runs/long").json();
        assertThat(running.path("status").asText()).isEqualTo("running");
        assertThat(running.path("summary").isNull()).as(running.path("summary").toString()).isTrue();
        assertThat(running.path("end").isNull()).isTrue();
        api.post("/api/runs/long/stop", "");
        api.events("/api/runs/long/events", e -> "end".equals(e.name()), 60);
    }

    @Test
    void aStopRightAfterTheStartStopsTheRun() throws Exception {
        // asked before the worker process exists: it was lost, the run trained on while the answer said "stopping"
        ApiClient.Response started = api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "quickstop", "maxIter",
                100000, "snapshot", 0, "testInterval", 1000));
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        ApiClient.Response stop = api.post("/api/runs/quickstop/stop", "");
        assertThat(stop.status()).as(stop.text()).isEqualTo(202);
        List<ApiClient.Event> all = api.events("/api/runs/quickstop/events", e -> "end".equals(e.name()), 60);
        JsonNode end = all.get(all.size() - 1).data();
        assertThat(end.path("outcome").asText()).as("the run ends stopped").isEqualTo("stopped");
        assertThat(end.path("summary").path("iteration").asInt()).isLessThan(1000);
        // the same right after a resume (restoring the solver state dropped a stop asked before it)
        ApiClient.Response resumed = api.post("/api/runs/quickstop/resume", "");
        assertThat(resumed.status()).as(resumed.text()).isEqualTo(201);
        assertThat(api.post("/api/runs/quickstop/stop", "").status()).isEqualTo(202);
        List<ApiClient.Event> again = api.events("/api/runs/quickstop/events", e -> "end".equals(e.name()), 60);
        assertThat(again.get(again.size() - 1).data().path("outcome").asText()).as("the resumed run ends stopped")
                .isEqualTo("stopped");
    }

    @Test
    void aWorkerKilledMidRunEndsTheRunAsCrashedAndKeepsItsSnapshots() throws Exception {
        ApiClient.Response started = api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "killed", "maxIter",
                100000, "snapshot", 5, "testInterval", 1000));
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        api.events("/api/runs/killed/events", e -> "iteration".equals(e.name())
                && e.data().path("iteration").asInt() >= 7, 60);
        List<ProcessHandle> workers = ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("/java")).toList(); // workers: the only child JVMs
        assertThat(workers).as("the run's worker process").hasSize(1);
        assertThat(workers.get(0).destroyForcibly()).isTrue(); // SIGKILL, as kill -9
        List<ApiClient.Event> all = api.events("/api/runs/killed/events", e -> "end".equals(e.name()), 60);
        JsonNode end = all.get(all.size() - 1).data();
        assertThat(end.path("outcome").asText()).isEqualTo("crashed");
        assertThat(end.path("error").asText()).contains("killed").contains("signal 9");
        // the server lives on; the run says what happened, its snapshots are there and it resumes from the newest
        assertThat(api.get("/api/health").status()).isEqualTo(200);
        JsonNode run = api.get("/api/runs/killed").json();
        assertThat(run.path("status").asText()).isEqualTo("crashed");
        assertThat(run.path("latestWeights").asText()).matches("runs/killed/snapshots/tiny_iter_\\d+\\.caffemodel");
        ApiClient.Response resumed = api.post("/api/runs/killed/resume", "");
        assertThat(resumed.status()).as(resumed.text()).isEqualTo(201);
        int from = Integer.parseInt(resumed.json().path("resumedFrom").asText().replaceAll(".*_iter_(\\d+)\\.solverstate",
                "$1"));
        List<ApiClient.Event> more = api.events("/api/runs/killed/events", e -> "iteration".equals(e.name())
                && e.data().path("iteration").asInt() > from, 60);
        assertThat(more).as("the resumed run trains on").anyMatch(e -> "iteration".equals(e.name())
                && e.data().path("iteration").asInt() > from);
        ApiClient.Response stop = api.post("/api/runs/killed/stop", "");
        assertThat(stop.status()).as(stop.text()).isEqualTo(202);
        List<ApiClient.Event> after = api.events("/api/runs/killed/events", e -> "end".equals(e.name()), 60);
        assertThat(after.get(after.size() - 1).data().path("outcome").asText()).as("the resumed run ends stopped").isEqualTo("stopped");
    }

    @Test
    void quickStartsOfTheSameNetEachGetTheirOwnRunFolder(@TempDir Path other) throws Exception {
        WebFixture.dataset(other);
        WebFixture.net(other, 2);
        // earlier runs whose folders hold the names a start in the next seconds would pick: none may be reused
        java.time.LocalDateTime now = java.time.LocalDateTime.now();
        java.time.format.DateTimeFormatter stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        List<Path> earlier = new java.util.ArrayList<>();
        for (int s = -1; s <= 30; s++) {
            Path d = Files.createDirectories(other.resolve("runs/tiny-fcn-" + now.plusSeconds(s).format(stamp)));
            Files.writeString(d.resolve("run.json"), "{\"outcome\":\"completed\",\"start\":\"2001-01-01T00:00:00Z\"}");
            Files.writeString(d.resolve("metrics.jsonl"), "{\"iteration\":1,\"loss\":0.5}\n");
            earlier.add(d);
        }
        try (WebServer s2 = new WebServer(other, "t2")) {
            ApiClient c = new ApiClient(s2.start("127.0.0.1", 0), "t2");
            Map<String, Object> body = Map.of("net", "tiny-fcn", "testInterval", 1000);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<ApiClient.Response>> posts;
            try {
                java.util.concurrent.Callable<ApiClient.Response> post = () -> c.post("/api/runs", body);
                posts = pool.invokeAll(List.of(post, post));
            } finally {
                pool.shutdown();
            }
            List<String> ids = new java.util.ArrayList<>();
            for (var f : posts) {
                ApiClient.Response r = f.get();
                assertThat(r.status()).as(r.text()).isEqualTo(201);
                ids.add(r.json().path("id").asText());
            }
            assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("tiny-fcn-\\d{8}-\\d{6}-\\d+"));
            for (String id : ids) {
                List<ApiClient.Event> events = c.events("/api/runs/" + id + "/events", e -> "end".equals(e.name()), 60);
                assertThat(events.get(events.size() - 1).data().path("outcome").asText()).as(id).isEqualTo("completed");
                // each run's own two iterations: nothing of the other run (or of an earlier one) in its files
                assertThat(org.dlp4j.train.MetricsLog.read(other.resolve("runs/" + id + "/metrics.jsonl")))
                        .filteredOn(n -> n.has("loss")).extracting(n -> n.path("iteration").asInt())
                        .containsExactly(1, 2);
                assertThat(other.resolve("runs/" + id + "/snapshots/tiny_iter_2.caffemodel")).isRegularFile();
                assertThat(c.get("/api/runs/" + id).json().path("status").asText()).isEqualTo("completed");
            }
            for (Path d : earlier) {
                assertThat(d.resolve("metrics.jsonl")).as("an earlier run").hasContent("{\"iteration\":1,\"loss\":0.5}");
                try (java.util.stream.Stream<Path> files = Files.list(d)) {
                    assertThat(files.count()).isEqualTo(2);
                }
            }
            // a name given twice is refused the second time, and the first run's files stay as they were
            String first = Files.readString(other.resolve("runs/" + ids.get(0) + "/run.json"));
            WebApiTest.assertError(c.post("/api/runs", Map.of("net", "tiny-fcn", "run", ids.get(0))), 409,
                    "already exists");
            assertThat(other.resolve("runs/" + ids.get(0) + "/run.json")).hasContent(first);
        }
    }

    @Test
    void aRunThatFailedBeforeItsFirstSnapshotIsReplacedByAStartUnderItsName() throws Exception {
        Path dir = Files.createDirectories(ws.resolve("runs/crash1"));
        Files.writeString(dir.resolve("run.json"), "{\"outcome\":\"crashed\",\"start\":\"2001-01-01T00:00:00Z\"}");
        Files.writeString(dir.resolve("caffe.log"), "Check failed: p >= 0 (-0.5 vs. 0)\n");
        Files.writeString(dir.resolve("solver.prototxt"), WebFixture.solver(2));
        WebApiTest.assertError(api.post("/api/runs/crash1/resume", ""), 400, "start it again with Start");
        ApiClient.Response again = api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "crash1", "maxIter", 2,
                "testInterval", 0));
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        assertThat(again.json().path("replaced").asBoolean()).isTrue();
        assertThat(again.json().path("notes").toString()).contains("replacing run folder runs/crash1")
                .contains("crashed before writing any snapshot");
        List<ApiClient.Event> events = api.events("/api/runs/crash1/events", e -> "end".equals(e.name()), 60);
        assertThat(events.get(events.size() - 1).data().path("outcome").asText()).isEqualTo("completed");
        assertThat(Files.readString(dir.resolve("caffe.log"))).doesNotContain("Check failed: p >= 0");
        // now it has snapshots: protected
        WebApiTest.assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "crash1")), 409,
                "has snapshots", "Resume");
        assertThat(api.get("/api/runs/crash1").json().path("snapshots")).extracting(n -> n.path("iteration").asInt())
                .containsExactly(2);
    }

    @Test
    void badRunRequestsAre400() {
        WebApiTest.assertError(api.post("/api/runs", Map.of()), 400, "'net'");
        WebApiTest.assertError(api.post("/api/runs", Map.of("net", "missing")), 404, "missing");
        WebApiTest.assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "maxIter", "lots")), 400, "integer");
        WebApiTest.assertError(api.post("/api/runs", Map.of("solver", "../x/solver.prototxt")), 403, "..");
    }
}
