package org.dlp4j.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.deploy.Overlay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API against a real server on an ephemeral port with a temporary workspace. */
class WebApiTest {
    @TempDir
    static Path root;
    static Path ws;
    static WebServer server;
    static ApiClient api;
    static List<String> outsideBefore;

    @BeforeAll
    static void start() throws Exception {
        ws = Files.createDirectories(root.resolve("ws"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(ws.resolve("link"), outside);
        WebFixture.dataset(ws);
        WebFixture.net(ws, 10);
        outsideBefore = listing(root);
        server = new WebServer(ws, "test-token");
        api = new ApiClient(server.start("127.0.0.1", 0), "test-token");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        assertThat(listing(root)).as("nothing written outside the workspace").isEqualTo(outsideBefore);
    }

    /** Everything under root except the workspace itself. */
    static List<String> listing(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).filter(p -> !p.equals("ws") && !p.startsWith("ws/"))
                    .sorted().toList();
        }
    }

    static void assertError(ApiClient.Response r, int status, String... fragments) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("error").asText()).isNotBlank();
        for (String f : fragments) {
            assertThat(r.json().path("error").asText()).contains(f);
        }
    }

    @Test
    void healthNeedsNoTokenButEverythingElseDoes() {
        ApiClient.Response h = api.getNoToken("/api/health");
        assertThat(h.status()).isEqualTo(200);
        assertThat(h.json().path("status").asText()).isEqualTo("ok");
        assertError(api.getNoToken("/api/version"), 401, "token");
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"net\":\"tiny-fcn\"}"))), 401, "token");
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/nets/tiny-fcn/labels"))
                .header("X-DLP-Token", "wrong").PUT(HttpRequest.BodyPublishers.ofString("x"))), 403, "wrong token");
        assertThat(api.getNoToken("/api/version?token=test-token").json().path("caffe").asText()).startsWith("1.0");
        assertThat(ws.resolve("nets/tiny-fcn/labels.txt")).hasContent("background\nleft ventricle\n");
    }

    @Test
    void unknownPathsAre404AndWrongMethodsOnKnownPaths405() {
        assertError(api.get("/api/nope"), 404, "GET /api/nope");
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/runs")).header("X-DLP-Token", "test-token")
                .DELETE()), 405, "method DELETE not allowed on /api/runs");
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/health"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))), 405, "method POST not allowed on /api/health");
        assertThat(api.get("/api/runs").status()).isEqualTo(200);
    }

    @Test
    void versionNamesTheWorkspace() {
        JsonNode v = api.get("/api/version").json();
        assertThat(v.path("workspace").asText()).isEqualTo(ws.toAbsolutePath().normalize().toString());
        assertThat(v.path("javacpp").asText()).startsWith("1.5.8");
    }

    @Test
    void filesStayInsideTheWorkspace() throws Exception {
        ApiClient.Response ok = api.get("/api/files?path=nets/tiny-fcn/labels.txt");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("background\nleft ventricle\n");
        assertThat(api.get("/api/files?path=" + ws.resolve("nets/tiny-fcn/labels.txt")).text())
                .startsWith("background");
        assertError(api.get("/api/files?path=../outside/secret.txt"), 403, "..");
        assertError(api.get("/api/files?path=nets/../../outside/secret.txt"), 403);
        assertError(api.get("/api/files?path=" + root.resolve("outside/secret.txt")), 403, "outside the workspace");
        assertError(api.get("/api/files?path=/etc/passwd"), 403);
        assertError(api.get("/api/files?path=link/secret.txt"), 403, "symbolic link");
        assertError(api.get("/api/files?path=nets/none.txt"), 404, "no file");
        JsonNode dir = api.get("/api/files?path=data/test_images").json();
        assertThat(dir.path("entries")).extracting(e -> e.path("name").asText()).containsExactly("slice0.png", "slice1.png");
        // a write through a link is refused too
        assertError(api.postBytes("/api/upload?name=..%2Fx.png", new byte[] {1}, "image/png"), 400, "not a valid name");
    }

    @Test
    void netFilesLayersAndEdits() throws Exception {
        JsonNode nets = api.get("/api/nets").json();
        JsonNode tiny = null;
        for (JsonNode n : nets.path("nets")) {
            tiny = n.path("name").asText().equals("tiny-fcn") ? n : tiny;
        }
        assertThat(tiny).isNotNull();
        assertThat(tiny.path("files")).extracting(JsonNode::asText)
                .containsExactly("train_val.prototxt", "solver.prototxt", "deploy.prototxt", "labels.txt");
        assertThat(api.get("/api/nets/tiny-fcn/deploy").text()).contains("type: \"Input\"");
        assertError(api.get("/api/nets/tiny-fcn/weights"), 400, "unknown net file");
        assertError(api.get("/api/nets/nonet/train_val"), 404, "nonet");
        assertError(api.get("/api/nets/..%2F..%2Fetc/train_val"), 400, "not a valid name");

        JsonNode layers = api.get("/api/nets/tiny-fcn/layers").json().path("layers");
        assertThat(layers).hasSize(9);
        JsonNode conv1 = layers.get(4);
        assertThat(conv1.path("name").asText()).isEqualTo("conv1");
        assertThat(conv1.path("bottoms").get(0).asText()).isEqualTo("data");
        assertThat(conv1.path("params").path("convolution_param.num_output").asText()).isEqualTo("8");
        assertThat(conv1.path("params").path("convolution_param.weight_filler.type").asText()).isEqualTo("xavier");
        assertThat(layers.get(0).path("phase").asText()).isEqualTo("TRAIN");
        assertThat(layers.get(0).path("line").asInt()).isEqualTo(2);
        assertThat(api.get("/api/nets/tiny-fcn/layers").json().path("solver").path("max_iter").asText()).isEqualTo("10");

        // a copy to edit, so other tests keep the original
        assertThat(api.put("/api/nets/edited/train_val", WebFixture.TRAIN_VAL).status()).isEqualTo(200);
        JsonNode edited = api.post("/api/nets/edited/edit", Map.of("ops", List.of(
                Map.of("op", "set", "layer", "conv1", "path", "convolution_param.num_output", "value", "4"),
                Map.of("op", "set", "layer", "conv1", "path", "convolution_param.stride", "value", "1"),
                Map.of("op", "rename", "layer", "relu1", "to", "act1"),
                Map.of("op", "add", "after", "act1", "layer", Map.of("name", "drop1", "type", "Dropout",
                        "bottom", List.of("conv1"), "top", List.of("conv1"))),
                Map.of("op", "remove", "layer", "accuracy")))).json();
        assertThat(edited.path("layers")).extracting(l -> l.path("name").asText())
                .containsExactly("data", "label", "data", "label", "conv1", "act1", "drop1", "score", "loss");
        String text = Files.readString(ws.resolve("nets/edited/train_val.prototxt"));
        assertThat(text).contains("num_output: 4").contains("stride: 1").contains("name: \"act1\"")
                .contains("type: \"Dropout\"").doesNotContain("Accuracy");
        assertError(api.post("/api/nets/edited/edit", Map.of("ops", List.of(Map.of("op", "remove", "layer", "nope")))),
                404, "nope");
        assertError(api.post("/api/nets/edited/edit", Map.of("ops", List.of(Map.of("op", "explode")))), 400, "explode");
        assertError(api.put("/api/nets/edited/train_val", "layer { name: \"x\" "), 400);
        assertThat(Files.readString(ws.resolve("nets/edited/train_val.prototxt"))).isEqualTo(text);

        // (a train_val saved without a solver gets a default one: a folder holding only a deploy net has none)
        assertThat(api.put("/api/nets/deploy-only/deploy", WebFixture.DEPLOY).status()).isEqualTo(200);
        assertError(api.post("/api/nets/deploy-only/edit", Map.of("file", "solver", "ops", List.of())), 404,
                "has no solver.prototxt");
    }

    @Test
    void solverEditsKeepKinds() throws Exception {
        api.put("/api/nets/solved/solver", WebFixture.solver(10));
        JsonNode r = api.post("/api/nets/solved/edit", Map.of("file", "solver", "ops", List.of(
                Map.of("op", "set", "path", "max_iter", "value", "3"),
                Map.of("op", "set", "path", "solver_mode", "value", "GPU"),
                Map.of("op", "set", "path", "lr_policy", "value", "step")))).json();
        assertThat(r.path("solver").path("max_iter").asText()).isEqualTo("3");
        String text = Files.readString(ws.resolve("nets/solved/solver.prototxt"));
        assertThat(text).contains("max_iter: 3").contains("solver_mode: GPU").contains("lr_policy: \"step\"");
    }

    @Test
    void validationNamesLayersAndLines() {
        JsonNode ok = api.post("/api/nets/validate", Map.of("name", "tiny-fcn", "file", "train_val")).json();
        assertThat(ok.path("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.path("problems")).isEmpty();
        String broken = WebFixture.TRAIN_VAL.replace("bottom: \"conv1\" top: \"score\"", "bottom: \"conv9\" top: \"score\"")
                .replace("data/val_lmdb", "data/missing_lmdb");
        ApiClient.Response r = api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/nets/validate"))
                .header("X-DLP-Token", "test-token").POST(HttpRequest.BodyPublishers.ofString(broken)));
        JsonNode bad = r.json();
        assertThat(bad.path("ok").asBoolean()).isFalse();
        assertThat(bad.path("kind").asText()).isEqualTo("net");
        assertThat(bad.path("problems")).anySatisfy(p -> {
            assertThat(p.path("layer").asText()).isEqualTo("score");
            assertThat(p.path("what").asText()).contains("conv9");
            assertThat(p.path("file").asText()).isEqualTo("train_val.prototxt");
        });
        JsonNode solver = api.post("/api/nets/validate", Map.of("text", "net: \"nets/none.prototxt\"\nbase_lr: 0.1\n",
                "kind", "solver")).json();
        assertThat(solver.path("ok").asBoolean()).isFalse();
        assertThat(solver.path("problems").toString()).contains("none.prototxt");
        // a window larger than the workspace's slices: Caffe would abort setting the net up; validation says why
        String big = WebFixture.TRAIN_VAL.replaceFirst("num_output: 8 kernel_size: 3", "num_output: 8 kernel_size: 300");
        JsonNode window = api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/nets/validate"))
                .header("X-DLP-Token", "test-token").POST(HttpRequest.BodyPublishers.ofString(big))).json();
        assertThat(window.path("ok").asBoolean()).as(window.toString()).isFalse();
        assertThat(window.path("problems").get(0).path("layer").asText()).isEqualTo("conv1");
        assertThat(window.path("problems").get(0).path("what").asText()).contains("(Convolution)")
                .contains("kernel 300x300");
        // the same net behind a solver: its nets are checked at the LMDBs' shape too
        Path bigNet = ws.resolve("nets/tiny-big/train_val.prototxt");
        try {
            Files.createDirectories(bigNet.getParent());
            Files.writeString(bigNet, big);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode behind = api.post("/api/nets/validate", Map.of("text", WebFixture.solver(10)
                .replace("nets/tiny-fcn/", "nets/tiny-big/"), "kind", "solver")).json();
        assertThat(behind.path("ok").asBoolean()).as(behind.toString()).isFalse();
        assertThat(behind.path("problems").get(0).path("layer").asText()).isEqualTo("conv1");
        assertThat(behind.path("problems").get(0).path("what").asText()).contains("(Convolution)")
                .contains("kernel 300x300");
        JsonNode syntax = api.post("/api/nets/validate", Map.of("text", "layer {\n  name: \"a\"\n  type: ")).json();
        assertThat(syntax.path("problems").get(0).path("what").asText()).contains("syntax");
    }

    @Test
    void requestSizeIsLimited() {
        String big = "#".repeat((int) WebServer.MAX_BODY + 10);
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/nets/validate"))
                .header("X-DLP-Token", "test-token").POST(HttpRequest.BodyPublishers.ofString(big))), 413, "limit");
        assertError(api.post("/api/runs", "{not json"), 400, "not valid JSON");
        assertError(api.get("/api/no/such/thing"), 404);
    }

    @Test
    void datasetSummaryAndLmdbRecords() throws Exception {
        JsonNode d = api.get("/api/datasets").json();
        assertThat(d.path("lmdb").path("train_lmdb").path("count").asInt()).isEqualTo(8);
        assertThat(d.path("lmdb").path("val_gt_lmdb").path("count").asInt()).isEqualTo(4);
        assertThat(d.path("lmdb").path("train_gt_lmdb").path("labelDatabase").asBoolean()).isTrue();
        assertThat(d.path("testImages").asInt()).isEqualTo(2);

        Datum truth;
        try (LmdbReader r = new LmdbReader(ws.resolve("data/train_gt_lmdb"))) {
            truth = Datum.decode(r.get(r.keyAt(3)));
        }
        ApiClient.Response png = api.get("/api/lmdb/train_gt_lmdb/3");
        assertThat(png.contentType()).isEqualTo("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(img.getWidth()).isEqualTo(24);
        int mismatches = 0;
        int fg = 0;
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                int expected = truth.value(0, y, x) == 1 ? Overlay.colour(1) : 0;
                fg += truth.value(0, y, x) == 1 ? 1 : 0;
                mismatches += (img.getRGB(x, y) & 0xFFFFFF) == expected ? 0 : 1;
            }
        }
        assertThat(fg).isGreaterThan(30);
        assertThat(mismatches).isZero();
        BufferedImage grey = ImageIO.read(new ByteArrayInputStream(api.get("/api/lmdb/train_lmdb/3").body()));
        try (LmdbReader r = new LmdbReader(ws.resolve("data/train_lmdb"))) {
            Datum im = Datum.decode(r.get(r.keyAt(3)));
            assertThat(grey.getRaster().getSample(5, 7, 0)).isEqualTo((int) im.value(0, 7, 5));
        }
        assertThat(api.get("/api/lmdb/val_lmdb/1?format=json").json().path("key").asText()).isEqualTo("00000001");
        assertError(api.get("/api/lmdb/val_lmdb/4"), 404, "4 records");
        assertError(api.get("/api/lmdb/secret_lmdb/0"), 400, "unknown database");
        assertError(api.get("/api/lmdb/val_lmdb/x"), 400, "number");
    }

    @Test
    void settingsAreStoredInTheWorkspace() throws Exception {
        ApiClient.Response r = api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/settings"))
                .header("X-DLP-Token", "test-token")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"modelType\":\"segmentation\",\"device\":\"cpu\",\"x\":1}")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(api.get("/api/settings").json().path("modelType").asText()).isEqualTo("segmentation");
        assertThat(Files.readString(ws.resolve(".dlp/settings.json"))).doesNotContain("\"x\"");
        // a setting that is not a string was stored as "" (and the earlier value lost): a 400, the settings kept
        for (String bad : List.of("{\"device\":{\"gpu\":0}}", "{\"dataType\":[\"synthetic\"]}")) {
            assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/settings"))
                    .header("X-DLP-Token", "test-token").PUT(HttpRequest.BodyPublishers.ofString(bad))), 400,
                    "must be a string");
        }
        assertThat(api.get("/api/settings").json().path("device").asText()).isEqualTo("cpu");
    }

    @Test
    void uploadsLandInTheWorkspace() throws Exception {
        byte[] png = Files.readAllBytes(ws.resolve("data/test_images/slice1.png"));
        ApiClient.Response r = api.postBytes("/api/upload?name=mine.png", png, "image/png");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("path").asText()).isEqualTo("uploads/mine.png");
        assertThat(Files.readAllBytes(ws.resolve("uploads/mine.png"))).isEqualTo(png);
        assertError(api.postBytes("/api/upload?name=run.sh", png, "image/png"), 400, "image");
        // bytes no reader takes: refused, not stored (every inference skipped such a file)
        assertError(api.postBytes("/api/upload?name=notimage.png", "hello\n".getBytes(), "image/png"), 400,
                "'notimage.png' (6 bytes) is not an image the server can read");
        assertThat(ws.resolve("uploads/notimage.png")).doesNotExist();
        assertError(api.postBytes("/api/upload?name=cut.png", java.util.Arrays.copyOf(png, png.length / 2),
                "image/png"), 400, "cut.png");
        assertError(api.postBytes("/api/upload", png, "image/png"), 400, "query parameter 'name'");
        try (var s = Files.list(ws.resolve(".dlp/tmp"))) {
            assertThat(s.filter(f -> f.getFileName().toString().startsWith("upload"))).as("scratch removed").isEmpty();
        }
    }

    @Test
    void libraryNetsAreWrittenIntoTheWorkspace() {
        JsonNode lib = api.get("/api/library").json().path("entries");
        JsonNode small = null;
        for (JsonNode e : lib) {
            small = e.path("name").asText().equals("fcn-small") ? e : small;
        }
        assertThat(small).isNotNull();
        assertThat(small.path("type").asText()).isEqualTo("segmentation");
        assertThat(small.path("inputShape")).extracting(JsonNode::asInt).containsExactly(1, 1, 256, 256);
        ApiClient.Response made = api.post("/api/nets", Map.of("from", "fcn-small", "name", "lib-small"));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        for (String f : NetsApi.FILES) {
            assertThat(ws.resolve("nets/lib-small").resolve(f)).isRegularFile();
        }
        assertThat(api.get("/api/nets/lib-small/labels").text()).isEqualTo("background\nleft ventricle\n");
        ApiClient.Response again = api.post("/api/nets", Map.of("from", "fcn-small", "name", "lib-small"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        assertError(api.post("/api/nets", Map.of("from", "resnet-9000")), 400, "resnet-9000");
        assertError(api.post("/api/nets", Map.of("from", "fcn-small", "name", "../x")), 400, "not a valid name");
    }

    @Test
    void graphFoldsInPlaceLayersAndLinksBlobs() {
        JsonNode g = api.get("/api/nets/tiny-fcn/graph").json();
        JsonNode conv1 = null;
        for (JsonNode n : g.path("nodes")) {
            conv1 = n.path("id").asText().equals("layer:conv1") ? n : conv1;
        }
        assertThat(conv1).isNotNull();
        assertThat(conv1.path("details").toString()).contains("+ ReLU relu1");
        assertThat(g.path("nodes")).filteredOn(n -> n.path("kind").asText().equals("layer")).hasSize(8);
        assertThat(g.path("edges")).anySatisfy(e -> {
            assertThat(e.path("from").asText()).isEqualTo("blob:data");
            assertThat(e.path("to").asText()).isEqualTo("layer:conv1");
        });
        assertThat(g.path("width").asDouble()).isPositive();
    }

    static ApiClient.Response set(String net, String file, String layer, String path, String value) {
        Map<String, Object> op = new java.util.LinkedHashMap<>(Map.of("op", "set", "path", path, "value", value));
        if (layer != null) {
            op.put("layer", layer);
        }
        return api.post("/api/nets/" + net + "/edit", Map.of("file", file, "ops", List.of(op)));
    }

    @Test
    void editsThatWouldBreakTheFileAreRefused() throws Exception {
        api.put("/api/nets/guarded/train_val", WebFixture.TRAIN_VAL);
        api.put("/api/nets/guarded/solver", WebFixture.solver(10));
        Path net = ws.resolve("nets/guarded/train_val.prototxt");
        Path solver = ws.resolve("nets/guarded/solver.prototxt");
        String netBefore = Files.readString(net);
        String solverBefore = Files.readString(solver);
        assertError(set("guarded", "train_val", "conv1", "convolution_param.num_output", "8 16"), 400,
                "convolution_param.num_output", "a number", "8 16");
        assertError(set("guarded", "train_val", "conv1", "convolution_param.num_output",
                "8 } } layer { name: \"evil\" type: \"ReLU\" "), 400, "a number");
        assertError(set("guarded", "train_val", "conv1", "convolution_param..pad", "1"), 400, "not a field path");
        assertError(set("guarded", "train_val", "conv1", "convolution_param.", "1"), 400, "not a field path");
        assertError(set("guarded", "train_val", "conv1", "convolution_param.num_output.x", "1"), 400,
                "num_output is a value, not a message");
        assertError(set("guarded", "solver", null, "max_iter", "1e"), 400, "max_iter", "a number");
        assertError(set("guarded", "solver", null, "max_iter", "abc"), 400, "max_iter", "a number", "abc");
        assertError(set("guarded", "train_val", "conv1", "convolution_param.num_output", "abc"), 400,
                "num_output", "a number");
        assertError(set("guarded", "solver", null, "solver_mode", "GPU { }"), 400, "solver_mode", "a name");
        assertError(set("guarded", "solver", null, "bad field", "1"), 400, "not a field path");
        assertThat(net).hasContent(netBefore);
        assertThat(solver).hasContent(solverBefore);
        assertThat(api.get("/api/nets/guarded/graph").status()).isEqualTo(200);

        // good values still go through, as the token the parser reads; new fields guess their kind
        assertThat(set("guarded", "train_val", "conv1", "convolution_param.num_output", " 16 ").status()).isEqualTo(200);
        assertThat(set("guarded", "solver", null, "weight_decay", "5e-4").status()).isEqualTo(200);
        assertThat(set("guarded", "solver", null, "type", "Adam } x {").status()).isEqualTo(200);
        assertThat(Files.readString(net)).contains("num_output: 16\n");
        assertThat(Files.readString(solver)).contains("weight_decay: 5e-4\n").contains("type: \"Adam } x {\"");
    }

    @Test
    void hugeClassCountsAre400AndLeaveNoNetBehind() throws Exception {
        assertError(api.post("/api/nets", Map.of("from", "fcn-small", "name", "n9", "classes", 100_000_000)), 400,
                "class count", "10000");
        assertError(api.post("/api/nets", Map.of("from", "fcn-small", "name", "n9", "classes", 4_294_967_298L)), 400,
                "'classes' must be an integer");
        assertError(api.post("/api/nets", Map.of("from", "fcn-small", "name", "n9", "classes", "many")), 400,
                "'classes' must be an integer");
        assertThat(ws.resolve("nets/n9")).doesNotExist();
        ApiClient.Response three = api.post("/api/nets", Map.of("from", "fcn-small", "name", "n3", "classes", "3"));
        assertThat(three.status()).as(three.text()).isEqualTo(201);
        assertThat(ws.resolve("nets/n3/labels.txt")).hasContent("background\nclass1\nclass2\n");
        try (Stream<Path> s = Files.list(ws.resolve("nets"))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temp folder left").noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void runOptionsOutsideIntAre400AndFailedRunsLeaveNoFolder() throws Exception {
        for (Object bad : List.of(4_294_967_297L, 12_345_678_901L, "12345678901", 2.5, "lots")) {
            assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "g6", "maxIter", bad)), 400,
                    "'maxIter' must be an integer");
        }
        assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "g6", "gpu", "x")), 400, "'gpu'");
        api.put("/api/nets/netless/solver", "net: \"nets/none/train_val.prototxt\"\nbase_lr: 0.1\nmax_iter: 2\n");
        assertError(api.post("/api/runs", Map.of("net", "netless", "run", "g1")), 400, "none/train_val.prototxt");
        assertThat(ws.resolve("runs/g6")).doesNotExist();
        assertThat(ws.resolve("runs/g1")).as("a failed start removes the run folder it made").doesNotExist();
    }

    @Test
    void netsWithoutAnyLayerAreRefusedWhereverTheyAreSaved() throws Exception {
        for (String text : List.of("", " \n\t\n", "# only a comment\n# and another\n", "name: \"nothing\"\n")) {
            for (String file : List.of("train_val", "deploy")) {
                assertError(api.put("/api/nets/hollow/" + file, text), 400, file + ".prototxt", "no layers in any phase",
                        "the net is empty");
            }
            JsonNode v = api.post("/api/nets/validate", Map.of("text", text, "kind", "net")).json();
            assertThat(v.path("ok").asBoolean()).isFalse();
            assertThat(v.path("problems").findValuesAsText("what")).containsExactly(
                    "no layers in any phase: the net is empty (no layer { ... } entries)");
        }
        assertThat(ws.resolve("nets/hollow")).as("nothing saved").doesNotExist();
        // a solver has no layers: still saved; a net with layers but no data layer too (another matter)
        assertThat(api.put("/api/nets/hollow/solver", "base_lr: 0.1\n").status()).isEqualTo(200);
        String relu = "layer { name: \"relu\" type: \"ReLU\" bottom: \"x\" top: \"x\" }\n";
        assertThat(api.put("/api/nets/hollow/train_val", relu).status()).isEqualTo(200);
        // an edit that removes the last layer would leave an empty net: refused, the file as it was
        assertError(api.post("/api/nets/hollow/edit", Map.of("ops", List.of(Map.of("op", "remove", "layer", "relu")))),
                400, "nothing was saved", "no layers");
        assertThat(ws.resolve("nets/hollow/train_val.prototxt")).hasContent(relu.strip());
    }

    @Test
    void labelsAreNotReadOrEditedAsAPrototxt() {
        // labels.txt exists: editing it was a 404 ("has no labels.txt"), reading its layers a prototxt syntax error
        assertThat(api.get("/api/nets/tiny-fcn/labels").status()).isEqualTo(200);
        assertError(api.post("/api/nets/tiny-fcn/edit", Map.of("file", "labels", "ops", List.of())), 400,
                "labels.txt", "not a prototxt");
        assertError(api.get("/api/nets/tiny-fcn/layers?file=labels"), 400, "labels.txt", "not a prototxt");
        assertError(api.get("/api/nets/tiny-fcn/graph?file=labels.txt"), 400, "labels.txt", "not a prototxt");
        assertError(api.post("/api/nets/validate", Map.of("name", "tiny-fcn", "file", "labels")), 400,
                "labels.txt", "not a prototxt");
        assertError(api.get("/api/nets/tiny-fcn/layers?file=deploy.txt"), 400, "unknown net file");
    }

    @Test
    void aRunOfANetWithALongNameGetsAValidFolderName() throws Exception {
        String net = "n".repeat(95); // a valid net name (up to 100 characters); its run id once had 16 more
        api.put("/api/nets/" + net + "/solver", "net: \"nets/none/train_val.prototxt\"\nbase_lr: 0.1\nmax_iter: 2\n");
        // the start gets as far as the solver's missing net (it was refused for its own run id before)
        assertError(api.post("/api/runs", Map.of("net", net)), 400, "none/train_val.prototxt");
        try (Stream<Path> s = Files.list(Files.createDirectories(ws.resolve("runs")))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("a failed start leaves no folder")
                    .noneMatch(n -> n.startsWith("nnnn"));
        }
    }

    @Test
    void listingsSkipEntriesTheyCannotOpen() throws Exception {
        Path dir = Files.createDirectories(ws.resolve("listing"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.createSymbolicLink(dir.resolve("dangling.png"), root.resolve("nowhere.png"));
        Files.createSymbolicLink(dir.resolve("out"), root.resolve("outside"));
        assertThat(api.get("/api/files?path=listing").json().path("entries")).extracting(e -> e.path("name").asText())
                .containsExactly("a.txt");
        assertThat(api.get("/api/files").json().path("entries")).extracting(e -> e.path("name").asText())
                .contains("data", "nets").doesNotContain("link");

        Path outsideRun = Files.createTempDirectory("dlp4j-outside-run");
        try {
            Files.writeString(outsideRun.resolve("run.json"), "{\"outcome\":\"completed\"}");
            Files.createDirectories(ws.resolve("runs"));
            Files.createSymbolicLink(ws.resolve("runs/linked"), outsideRun);
            Files.createDirectories(ws.resolve("runs/my run"));
            Files.writeString(ws.resolve("runs/my run/run.json"), "{\"outcome\":\"completed\"}");
            Files.createDirectories(ws.resolve("runs/plain"));
            Files.writeString(ws.resolve("runs/plain/run.json"), "{\"outcome\":\"completed\"}");
            Files.createDirectories(ws.resolve("nets"));
            Files.createSymbolicLink(ws.resolve("nets/linked"), outsideRun);
            Files.createDirectories(ws.resolve("nets/my net"));
            assertThat(api.get("/api/nets").json().path("nets")).extracting(n -> n.path("name").asText())
                    .contains("tiny-fcn").doesNotContain("linked", "my net");
            Files.delete(ws.resolve("nets/linked"));
            ApiClient.Response runs = api.get("/api/runs");
            assertThat(runs.status()).as(runs.text()).isEqualTo(200);
            assertThat(runs.json().path("runs")).extracting(r -> r.path("id").asText()).containsExactly("plain");
        } finally {
            Files.delete(ws.resolve("runs/linked"));
            org.dlp4j.AtomicFiles.deleteTree(outsideRun);
        }
    }

    @Test
    void aRunWhoseOwnerProcessEndedIsInterruptedNotRunning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessHandle self = ProcessHandle.current();
        String selfStart = self.info().startInstant().orElseThrow().toString();
        Files.createDirectories(ws.resolve("runs/killed"));
        Files.writeString(ws.resolve("runs/killed/run.json"), "{\"outcome\":\"running\",\"owner\":{\"pid\":"
                + gone.pid() + ",\"started\":\"2026-01-01T00:00:00Z\"}}");
        Files.createDirectories(ws.resolve("runs/elsewhere"));
        Files.writeString(ws.resolve("runs/elsewhere/run.json"), "{\"outcome\":\"running\",\"owner\":{\"pid\":"
                + self.pid() + ",\"started\":\"" + selfStart + "\"}}");
        Files.createDirectories(ws.resolve("runs/recycled"));
        Files.writeString(ws.resolve("runs/recycled/run.json"), "{\"outcome\":\"running\",\"owner\":{\"pid\":"
                + self.pid() + ",\"started\":\"2001-01-01T00:00:00Z\"}}");
        JsonNode runs = api.get("/api/runs").json().path("runs");
        java.util.Map<String, String> status = new java.util.HashMap<>();
        runs.forEach(r -> status.put(r.path("id").asText(), r.path("status").asText()));
        assertThat(status).containsEntry("killed", "interrupted").containsEntry("recycled", "interrupted")
                .containsEntry("elsewhere", "running"); // e.g. a dlp train still running from a terminal
        List<ApiClient.Event> end = api.events("/api/runs/killed/events", e -> "end".equals(e.name()), 10);
        assertThat(end.get(end.size() - 1).data().path("outcome").asText()).isEqualTo("interrupted");
    }

    @Test
    void aRunStillTrainingInAnotherProcessIsNotResumedBesideIt() throws Exception {
        ProcessHandle self = ProcessHandle.current(); // stands for a dlp train still running in a terminal
        Files.createDirectories(ws.resolve("runs/terminal/snapshots"));
        Files.writeString(ws.resolve("runs/terminal/run.json"), "{\"outcome\":\"running\",\"owner\":{\"pid\":"
                + self.pid() + ",\"started\":\"" + self.info().startInstant().orElseThrow() + "\"}}");
        Files.writeString(ws.resolve("runs/terminal/solver.prototxt"), "net: \"nets/tiny-fcn/train_val.prototxt\"\n");
        try {
            assertError(api.post("/api/runs/terminal/resume", ""), 409, "still running in another process",
                    "pid " + self.pid());
            assertThat(ws.resolve("runs/terminal/caffe.log")).as("no worker started").doesNotExist();
        } finally { // the run listing test counts the runs of this shared workspace
            org.dlp4j.AtomicFiles.deleteTree(ws.resolve("runs/terminal"));
        }
    }

    @Test
    void resumingARunWhoseRunJsonNamesNoDeviceNumberIsA400NotA500() throws Exception {
        Files.createDirectories(ws.resolve("runs/odd"));
        Files.writeString(ws.resolve("runs/odd/run.json"), "{\"outcome\":\"stopped\",\"device\":\"GPU\"}");
        Files.writeString(ws.resolve("runs/odd/solver.prototxt"), "net: \"nets/tiny-fcn/train_val.prototxt\"\n");
        assertError(api.post("/api/runs/odd/resume", ""), 400, "snapshot");
    }

    @Test
    void deeplyNestedPrototxtIsA400() {
        String deep = "a {".repeat(200_000) + "}".repeat(200_000);
        assertError(api.put("/api/nets/deep/train_val", deep), 400, "nested more than 100");
        ApiClient.Response v = api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/nets/validate"))
                .header("X-DLP-Token", "test-token").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(deep)));
        assertThat(v.status()).as(v.text()).isIn(200, 400);
        assertThat(v.text()).contains("nested more than 100");
        assertThat(ws.resolve("nets/deep")).doesNotExist();
    }

    @Test
    void inferenceRefusesOutputFoldersLinkedOutOfTheWorkspace() throws Exception {
        Files.createDirectories(ws.resolve("predictions/adhoc"));
        Files.createSymbolicLink(ws.resolve("predictions/adhoc/masks"), root.resolve("outside"));
        Files.write(ws.resolve("dummy.caffemodel"), new byte[] {1});
        assertError(api.post("/api/infer", Map.of("deploy", "nets/tiny-fcn/deploy.prototxt", "weights",
                "dummy.caffemodel", "images", List.of("data/test_images/slice0.png"))), 403, "masks", "symbolic link");
        assertThat(ws.resolve("predictions/adhoc/infer.log")).doesNotExist();
    }

    @Test
    void importAndInferenceOptionsAreReadStrictly() throws Exception {
        // a value that is not what the field takes is a 400 naming it, never a silent default or a failed job
        assertError(api.post("/api/import", Map.of("kind", "synth", "cases", "three")), 400, "'cases'");
        assertError(api.post("/api/import", Map.of("kind", "synth", "valFraction", "a fifth")), 400, "'valFraction'");
        assertError(api.post("/api/import", Map.of("kind", "synth", "valFraction", 0.6, "testFraction", 0.5)), 400,
                "sum to less than 1");
        assertError(api.post("/api/import", Map.of("kind", "synth", "seed", 1.5)), 400, "'seed'");
        Thread.sleep(300);
        assertThat(ws.resolve("raw")).as("no import job started").doesNotExist();
        Files.write(ws.resolve("dummy.caffemodel"), new byte[] {1});
        for (Object alpha : List.of(2, "NaN", "opaque")) {
            assertError(api.post("/api/infer", Map.of("deploy", "nets/tiny-fcn/deploy.prototxt", "weights",
                    "dummy.caffemodel", "images", List.of("data/test_images/slice0.png"), "alpha", alpha)), 400,
                    "'alpha'");
        }
        for (String field : List.of("scale", "mean")) { // were read leniently: a bad value became the default
            assertError(api.post("/api/infer", Map.of("deploy", "nets/tiny-fcn/deploy.prototxt", "weights",
                    "dummy.caffemodel", "images", List.of("data/test_images/slice0.png"), field, "1/255")), 400,
                    "'" + field + "'", "1/255");
        }
    }

    @Test
    void eventStreamsOfUnknownIdsAre404() {
        for (String path : List.of("/api/runs/nope/events", "/api/jobs/nope/events")) {
            ApiClient.Response r = api.send(HttpRequest.newBuilder(URI.create(api.base + path))
                    .header("X-DLP-Token", "test-token").header("Accept", "text/event-stream").GET());
            assertError(r, 404, "nope");
        }
        assertError(api.send(HttpRequest.newBuilder(URI.create(api.base + "/api/runs/bad..id/events"))
                .header("X-DLP-Token", "test-token").header("Accept", "text/event-stream").GET()), 400, "not a valid name");
    }

    @Test
    void badParametersAreJsonErrors() throws Exception {
        assertError(api.get("/api/runs/nope/log?lines=abc"), 400, "'lines'", "abc");
        api.put("/api/nets/dimmed/train_val", WebFixture.TRAIN_VAL);
        String dimmed = WebFixture.DEPLOY.replace("dim: 24 dim: 24", "dim: 2.5e2 dim: 24");
        // a PUT refuses the value (as Caffe's parser would); a file written otherwise is named by the transfer
        assertError(api.put("/api/nets/dimmed/deploy", dimmed), 400, "2.5e2", "nothing was saved");
        Files.writeString(ws.resolve("nets/dimmed/deploy.prototxt"), dimmed);
        Files.write(ws.resolve("dummy.caffemodel"), new byte[] {1});
        assertError(api.post("/api/nets/dimmed/transfer", Map.of("weights", "dummy.caffemodel")), 400,
                "deploy.prototxt", "2.5e2", "inputShape");
    }
}
