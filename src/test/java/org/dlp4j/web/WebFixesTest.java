package org.dlp4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlp4j.web.WebApiTest.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Value ranges of layer parameters, deploy generation and imported nets, snapshot lists, device settings, inputs
 * confined to the workspace, and library messages in the UI's words; nothing here trains.
 */
class WebFixesTest {
    @TempDir
    static Path root;
    static Path ws;
    static Path outside;
    static WebServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        ws = Files.createDirectories(root.resolve("ws"));
        outside = Files.createDirectories(root.resolve("outside"));
        WebFixture.dataset(ws);
        WebFixture.net(ws, 10);
        server = new WebServer(ws, "tok");
        api = new ApiClient(server.start("127.0.0.1", 0), "tok");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ApiClient.Response edit(String net, Map<?, ?>... ops) {
        return api.post("/api/nets/" + net + "/edit", Map.of("ops", List.of(ops)));
    }

    static Map<String, Object> set(String layer, String path, String value) {
        return Map.of("op", "set", "layer", layer, "path", path, "value", value);
    }

    @Test
    void editsSettingValuesCaffeRejectsAre400NamingLayerAndField() throws Exception {
        assertThat(api.put("/api/nets/ranged/train_val", WebFixture.TRAIN_VAL).status()).isEqualTo(200);
        Path file = ws.resolve("nets/ranged/train_val.prototxt");
        String before = Files.readString(file);
        for (String bad : List.of("-3", "99999999999", "1e400")) {
            assertError(edit("ranged", set("score", "convolution_param.num_output", bad)), 400, "layer 'score'",
                    "convolution_param.num_output is " + bad, "nothing was saved");
        }
        assertError(edit("ranged", Map.of("op", "add", "after", "relu1", "layer", Map.of("name", "drop1", "type",
                "Dropout", "bottom", List.of("conv1"), "top", List.of("conv1"))),
                set("drop1", "dropout_param.dropout_ratio", "1.5")), 400, "layer 'drop1'",
                "dropout_param.dropout_ratio is 1.5");
        assertThat(file).hasContent(before);
        // a file that already holds a bad value still takes an unrelated edit (so it can be fixed step by step)
        Files.writeString(file, before.replace("num_output: 2", "num_output: 0"));
        ApiClient.Response other = edit("ranged", set("conv1", "convolution_param.pad", "2"));
        assertThat(other.status()).as(other.text()).isEqualTo(200);
        assertThat(edit("ranged", set("score", "convolution_param.num_output", "2")).status()).isEqualTo(200);
    }

    @Test
    void putOfANetWithValuesCaffeRejectsIs400AndLeavesTheFile() throws Exception {
        assertThat(api.put("/api/nets/putranged/train_val", WebFixture.TRAIN_VAL).status()).isEqualTo(200);
        Path file = ws.resolve("nets/putranged/train_val.prototxt");
        String before = Files.readString(file);
        String dropout = WebFixture.TRAIN_VAL.replace("layer { name: \"score\"", "layer { name: \"drop1\" type:"
                + " \"Dropout\" bottom: \"conv1\" top: \"conv1\" dropout_param { dropout_ratio: 1.5 } }\n"
                + "layer { name: \"score\"");
        assertError(api.put("/api/nets/putranged/train_val", dropout), 400, "layer 'drop1'",
                "dropout_param.dropout_ratio is 1.5", "nothing was saved");
        assertError(api.put("/api/nets/putranged/train_val", WebFixture.TRAIN_VAL.replace("num_output: 2",
                "num_output: 0")), 400, "layer 'score'", "convolution_param.num_output is 0");
        assertError(api.put("/api/nets/putranged/train_val", WebFixture.TRAIN_VAL.replace("num_output: 8 kernel_size: 3",
                "num_output: 8 kernel_size: -1")), 400, "layer 'conv1'", "kernel_size is -1");
        assertThat(file).hasContent(before);
        // a deploy is a net too; a new net folder gets nothing
        assertError(api.put("/api/nets/putranged/deploy", WebFixture.DEPLOY.replace("num_output: 2", "num_output: 0")),
                400, "layer 'score'");
        assertError(api.put("/api/nets/putfresh/train_val", dropout), 400, "layer 'drop1'");
        assertThat(ws.resolve("nets/putfresh/train_val.prototxt")).doesNotExist();
        // a stored file that already had the problem takes a save that fixes something else
        Files.writeString(file, before.replace("num_output: 2", "num_output: 0"));
        ApiClient.Response other = api.put("/api/nets/putranged/train_val", Files.readString(file).replace("pad: 1",
                "pad: 2"));
        assertThat(other.status()).as(other.text()).isEqualTo(200);
    }

    @Test
    void putOfASolverWithValuesCaffeRejectsIs400AndLeavesTheFile() throws Exception {
        assertThat(api.put("/api/nets/putsolver/train_val", WebFixture.TRAIN_VAL).status()).isEqualTo(200);
        Path file = ws.resolve("nets/putsolver/solver.prototxt");
        String before = Files.readString(file); // the default solver an imported net gets
        assertThat(before).contains("max_iter: ");
        String negative = before.replaceAll("max_iter: \\d+", "max_iter: -5");
        assertError(api.put("/api/nets/putsolver/solver", negative), 400, "solver.prototxt", "max_iter",
                "nothing was saved");
        assertError(api.put("/api/nets/putsolver/solver", before.replaceAll("base_lr: [0-9.e-]+", "base_lr: \"abc\"")),
                400, "solver.prototxt", "parser rejects", "nothing was saved");
        assertThat(file).hasContent(before);
        try (Stream<Path> s = Files.list(file.getParent())) { // no scratch file left beside it
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".check-"));
        }
        String longer = before.replaceAll("max_iter: \\d+", "max_iter: 50");
        ApiClient.Response ok = api.put("/api/nets/putsolver/solver", longer);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(file).hasContent(longer);
        // a solver saved before its net (nothing to validate it against yet) is not the solver's problem
        ApiClient.Response first = api.put("/api/nets/netlater/solver", longer);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        // a stored solver that already had the problem takes a save that fixes something else
        Files.writeString(file, negative);
        ApiClient.Response other = api.put("/api/nets/putsolver/solver", negative.replace("display:", "display: 5\n#"));
        assertThat(other.status()).as(other.text()).isEqualTo(200);
    }

    @Test
    void anImportedNetGetsTheLibrarysDefaultSolver() throws Exception {
        assertThat(api.put("/api/nets/imp2/train_val", WebFixture.TRAIN_VAL).status()).isEqualTo(200);
        String written = Files.readString(ws.resolve("nets/imp2/solver.prototxt"));
        // val LMDB 4 records, TEST batch 2 → test_iter 2; one definition, in model.Solvers
        assertThat(written).isEqualTo(org.dlp4j.model.Solvers.defaultFor("nets/imp2/train_val.prototxt", "imp2", 2)
                .toString());
        org.dlp4j.caffe.TextProto s = org.dlp4j.caffe.TextProto.parse(written);
        org.dlp4j.caffe.TextProto lib = org.dlp4j.model.NetLibrary.entry("fcn-small").solver().get();
        for (String f : List.of("type", "base_lr", "lr_policy", "momentum", "momentum2", "delta", "weight_decay",
                "max_iter", "snapshot")) {
            assertThat(s.get(f, null)).as(f).isNotNull().isEqualTo(lib.get(f, null));
        }
        assertThat(s.get("type", null)).isEqualTo("Adam");
        assertThat(Double.parseDouble(s.get("momentum2", null))).isEqualTo(0.999);
        assertThat(s.get("test_interval", null)).isEqualTo("100");
        // without a TEST phase: no test fields (a test net would have no input)
        String trainOnly = WebFixture.TRAIN_VAL.replaceAll("layer \\{ name: \"(data|label)\" type: \"Data\" top:"
                + " \"(data|label)\" include \\{ phase: TEST \\}[^}]*(\\}[^}]*)?\\} \\}\n", "")
                .replace("include { phase: TEST } }", "include { phase: TRAIN } }");
        assertThat(trainOnly).doesNotContain("phase: TEST");
        ApiClient.Response put = api.put("/api/nets/imp3/train_val", trainOnly);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(ws.resolve("nets/imp3/solver.prototxt")).content().doesNotContain("test_iter")
                .doesNotContain("test_interval").contains("type: \"Adam\"").contains("snapshot_prefix: \"snapshots/imp3\"");
    }

    @Test
    void validationNamesTheLayerWithAValueOutOfRange() throws Exception {
        String dropout = WebFixture.TRAIN_VAL.replace("layer { name: \"score\"", "layer { name: \"drop1\" type:"
                + " \"Dropout\" bottom: \"conv1\" top: \"conv1\" dropout_param { dropout_ratio: 1.5 } }\n"
                + "layer { name: \"score\"");
        Files.createDirectories(ws.resolve("nets/dropped"));
        Files.writeString(ws.resolve("nets/dropped/train_val.prototxt"), dropout);
        JsonNode v = api.post("/api/nets/validate", Map.of("name", "dropped", "file", "train_val")).json();
        assertThat(v.path("ok").asBoolean()).as(v.toString()).isFalse();
        assertThat(v.path("problems")).singleElement().satisfies(p -> {
            assertThat(p.path("layer").asText()).isEqualTo("drop1");
            assertThat(p.path("line").asInt()).isEqualTo(15);
            assertThat(p.path("what").asText()).contains("dropout_param.dropout_ratio is 1.5");
            assertThat(p.path("file").asText()).isEqualTo("nets/dropped/train_val.prototxt");
        });
        String negative = WebFixture.TRAIN_VAL.replace("num_output: 2", "num_output: -3");
        JsonNode n = api.post("/api/nets/validate", Map.of("text", negative, "kind", "net")).json();
        assertThat(n.path("problems")).as(n.toString()).singleElement().satisfies(p -> {
            assertThat(p.path("layer").asText()).isEqualTo("score");
            assertThat(p.path("what").asText()).contains("convolution_param.num_output is -3");
        });
        // through a solver: its net's values are checked too
        JsonNode s = api.post("/api/nets/validate", Map.of("text", WebFixture.solver(10).replace("tiny-fcn", "dropped"),
                "kind", "solver")).json();
        assertThat(s.path("ok").asBoolean()).as(s.toString()).isFalse();
        assertThat(s.path("problems").findValuesAsText("layer")).contains("drop1");
    }

    @Test
    void deployIsGeneratedOnRequestAfterEditsAndForImportedNets() throws Exception {
        ApiClient.Response put = api.put("/api/nets/imp1/train_val", WebFixture.TRAIN_VAL);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().path("created")).extracting(JsonNode::asText)
                .containsExactly("nets/imp1/solver.prototxt", "nets/imp1/deploy.prototxt");
        String solver = Files.readString(ws.resolve("nets/imp1/solver.prototxt"));
        // val LMDB 4 records, TEST batch 2: each test pass reads it once
        assertThat(solver).contains("net: \"nets/imp1/train_val.prototxt\"").contains("test_iter: 2")
                .contains("max_iter: 600").contains("snapshot_prefix: \"snapshots/imp1\"");
        String deploy = Files.readString(ws.resolve("nets/imp1/deploy.prototxt"));
        assertThat(deploy).contains("dim: 1\n").contains("dim: 24").contains("type: \"Softmax\"")
                .doesNotContain("SoftmaxWithLoss").doesNotContain("Data\"");
        JsonNode imp1 = null;
        for (JsonNode n : api.get("/api/nets").json().path("nets")) {
            imp1 = n.path("name").asText().equals("imp1") ? n : imp1;
        }
        assertThat(imp1.path("files")).extracting(JsonNode::asText).contains("solver.prototxt", "deploy.prototxt");
        // a solver the user saved stays as it is
        api.put("/api/nets/imp1/solver", WebFixture.solver(3).replace("tiny-fcn", "imp1"));
        assertThat(api.put("/api/nets/imp1/train_val", WebFixture.TRAIN_VAL).json().path("created")).isEmpty();
        assertThat(ws.resolve("nets/imp1/solver.prototxt")).content().contains("max_iter: 3");

        ApiClient.Response wider = edit("imp1", set("conv1", "convolution_param.num_output", "12"));
        assertThat(wider.json().path("deploy").asText()).as(wider.text()).isEqualTo("regenerated");
        assertThat(ws.resolve("nets/imp1/deploy.prototxt")).content().contains("num_output: 12");
        ApiClient.Response filler = edit("imp1", set("conv1", "convolution_param.weight_filler.type", "msra"));
        assertThat(filler.json().path("deploy").asText()).isEqualTo("unchanged");

        Files.writeString(ws.resolve("nets/imp1/deploy.prototxt"), WebFixture.DEPLOY);
        ApiClient.Response made = api.post("/api/nets/imp1/deploy", "");
        assertThat(made.status()).as(made.text()).isEqualTo(200);
        assertThat(made.json().path("file").asText()).isEqualTo("nets/imp1/deploy.prototxt");
        assertThat(made.json().path("layers").asInt()).isEqualTo(5); // Input, conv1, relu1, score, prob
        assertThat(ws.resolve("nets/imp1/deploy.prototxt")).content().contains("num_output: 12");
        assertError(api.post("/api/nets/nonet/deploy", ""), 404, "nonet");
        api.put("/api/nets/bare/train_val", "layer { name: \"relu\" type: \"ReLU\" bottom: \"x\" top: \"x\" }\n");
        assertError(api.post("/api/nets/bare/deploy", ""), 400, "no data layer");
    }

    @Test
    void aRunListsItsSnapshotsOldestFirst() throws Exception {
        Path snaps = Files.createDirectories(ws.resolve("runs/snapped/snapshots"));
        Files.writeString(ws.resolve("runs/snapped/run.json"), "{\"outcome\":\"stopped\"}");
        for (int it : new int[] {10, 5}) {
            Files.write(snaps.resolve("tiny_iter_" + it + ".caffemodel"), new byte[] {1, 2});
            Files.write(snaps.resolve("tiny_iter_" + it + ".solverstate"), new byte[] {3});
        }
        Files.write(snaps.resolve("tiny_iter_15.solverstate"), new byte[] {3}); // its weights are not there
        JsonNode list = api.get("/api/runs/snapped").json().path("snapshots");
        assertThat(list).extracting(n -> n.path("iteration").asInt()).containsExactly(5, 10);
        assertThat(list.get(1).path("weights").asText()).isEqualTo("runs/snapped/snapshots/tiny_iter_10.caffemodel");
        assertThat(list.get(1).path("solverstate").asText())
                .isEqualTo("runs/snapped/snapshots/tiny_iter_10.solverstate");
    }

    @Test
    void deviceSettingsMustNameAUsableDevice() throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + "/api/settings")).header("X-DLP-Token", "tok");
        assertError(api.send(b.copy().PUT(HttpRequest.BodyPublishers.ofString("{\"device\":\"gpu999\"}"))), 400,
                "gpu999");
        assertError(api.send(b.copy().PUT(HttpRequest.BodyPublishers.ofString("{\"device\":\"cuda\"}"))), 400,
                "'cuda'", "cpu");
        assertThat(api.send(b.copy().PUT(HttpRequest.BodyPublishers.ofString("{\"device\":\"cpu\"}"))).status())
                .isEqualTo(200);
        assertThat(api.get("/api/settings").json().has("problem")).isFalse();
        // a workspace from a GPU machine: reported, not hidden
        Files.writeString(ws.resolve(".dlp/settings.json"), "{\"device\":\"gpu999\",\"modelType\":\"segmentation\"}");
        JsonNode s = api.get("/api/settings").json();
        assertThat(s.path("device").asText()).isEqualTo("gpu999");
        assertThat(s.path("problem").asText()).contains("gpu999").contains("Setup");
        Files.writeString(ws.resolve(".dlp/settings.json"), "{\"device\":\"cpu\"}");
    }

    static void netFolder(String name, String solverNet, String trainVal) throws Exception {
        Path dir = Files.createDirectories(ws.resolve("nets/" + name));
        if (trainVal != null) {
            Files.writeString(dir.resolve("train_val.prototxt"), trainVal);
        }
        Files.writeString(dir.resolve("solver.prototxt"), WebFixture.solver(2).replace("nets/tiny-fcn/train_val.prototxt",
                solverNet));
    }

    @Test
    void trainingReadsNoNetOrDataOutsideTheWorkspace() throws Exception {
        Files.writeString(outside.resolve("train_val.prototxt"), "not a prototxt {{{");
        netFolder("out1", outside.resolve("train_val.prototxt").toString(), null);
        assertError(api.post("/api/runs", Map.of("net", "out1", "run", "o1")), 400, "net \""
                + outside.resolve("train_val.prototxt") + "\"", "outside the workspace");
        netFolder("out2", "/etc/passwd", null);
        assertError(api.post("/api/runs", Map.of("net", "out2", "run", "o2")), 400, "net \"/etc/passwd\"",
                "outside the workspace");
        netFolder("out3", "../outside/train_val.prototxt", null);
        assertError(api.post("/api/runs", Map.of("net", "out3", "run", "o3")), 400, "outside the workspace");
        // the net is inside, its LMDB is not
        netFolder("out4", "nets/out4/train_val.prototxt", WebFixture.TRAIN_VAL.replace("\"data/val_lmdb\"",
                "\"" + outside.resolve("val_lmdb") + "\""));
        assertError(api.post("/api/runs", Map.of("net", "out4", "run", "o4")), 400, "layer 'data'",
                "data_param.source \"" + outside.resolve("val_lmdb") + "\"", "outside the workspace");
        // an image list inside that names images outside
        Files.writeString(ws.resolve("list.txt"), "data/test_images/slice0.png 0\n/etc/hostname 1\n");
        netFolder("out5", "nets/out5/train_val.prototxt", WebFixture.TRAIN_VAL.replaceFirst("type: \"Data\" top:"
                + " \"data\" include \\{ phase: TRAIN \\}\n  transform_param \\{ scale: 0.00390625 \\}\n  data_param \\{"
                + " source: \"data/train_lmdb\" batch_size: 4 backend: LMDB \\}", "type: \"ImageData\" top: \"data\""
                + " include { phase: TRAIN } image_data_param { source: \"list.txt\" batch_size: 1 }"));
        assertThat(Files.readString(ws.resolve("nets/out5/train_val.prototxt"))).contains("ImageData");
        assertError(api.post("/api/runs", Map.of("net", "out5", "run", "o5")), 400, "image_data_param.source",
                "/etc/hostname");
        for (String run : List.of("o1", "o2", "o3", "o4", "o5")) {
            assertThat(ws.resolve("runs/" + run)).doesNotExist();
        }
        // validation names the field without opening the file
        JsonNode v = api.post("/api/nets/validate", Map.of("name", "out2", "file", "solver")).json();
        assertThat(v.path("ok").asBoolean()).isFalse();
        assertThat(v.path("problems").get(0).path("what").asText()).contains("net \"/etc/passwd\"")
                .contains("outside the workspace");
        JsonNode nv = api.post("/api/nets/validate", Map.of("name", "out4", "file", "train_val")).json();
        assertThat(nv.path("problems").get(0).path("what").asText()).contains("data_param.source");
        // a resume reads the run's own copy of the solver: confined as well
        Files.createDirectories(ws.resolve("runs/o6"));
        Files.writeString(ws.resolve("runs/o6/run.json"), "{\"outcome\":\"stopped\"}");
        Files.writeString(ws.resolve("runs/o6/solver.prototxt"), "net: \"/etc/passwd\"\n");
        assertError(api.post("/api/runs/o6/resume", ""), 400, "net \"/etc/passwd\"", "outside the workspace");
    }

    @Test
    void inferenceRefusesADeployWhoseDataLayersReadOutsideTheWorkspace() throws Exception {
        Files.write(ws.resolve("dummy-infer.caffemodel"), new byte[] {1});
        Files.createDirectories(ws.resolve("nets/dout"));
        Files.writeString(ws.resolve("nets/dout/deploy.prototxt"), WebFixture.DEPLOY.replace(
                "type: \"Input\" top: \"data\" input_param { shape { dim: 1 dim: 1 dim: 24 dim: 24 } }",
                "type: \"Data\" top: \"data\" data_param { source: \"" + outside.resolve("lmdb")
                        + "\" batch_size: 1 backend: LMDB }"));
        Map<String, Object> body = Map.of("deploy", "nets/dout/deploy.prototxt", "weights", "dummy-infer.caffemodel",
                "images", List.of("data/test_images/slice0.png"));
        assertError(api.post("/api/infer", body), 400, "nets/dout/deploy.prototxt", "layer 'data'",
                "data_param.source \"" + outside.resolve("lmdb") + "\"", "outside the workspace");
        // an image list inside the workspace that names a file outside it
        Files.writeString(ws.resolve("dlist.txt"), "/etc/hostname 0\n");
        Files.writeString(ws.resolve("nets/dout/deploy.prototxt"), WebFixture.DEPLOY.replace(
                "type: \"Input\" top: \"data\" input_param { shape { dim: 1 dim: 1 dim: 24 dim: 24 } }",
                "type: \"ImageData\" top: \"data\" image_data_param { source: \"dlist.txt\" batch_size: 1 }"));
        assertError(api.post("/api/infer", body), 400, "image_data_param.source", "/etc/hostname");
        assertThat(ws.resolve("predictions/adhoc/infer.log")).doesNotExist();
    }

    @Test
    void theImageFormatsListedAreThoseInferenceReads() throws Exception {
        JsonNode f = api.get("/api/infer/formats").json();
        List<String> ext = new java.util.ArrayList<>();
        f.path("extensions").forEach(e -> ext.add(e.asText()));
        assertThat(ext).containsExactly("bmp", "dcm", "dicom", "gif", "jpeg", "jpg", "pgm", "png", "tif", "tiff");
        for (String e : ext) { // each one has a reader behind it: javax.imageio, DICOM or the PGM reader
            assertThat(e.equals("dcm") || e.equals("dicom") || e.equals("pgm") || javax.imageio.ImageIO
                    .getImageReadersBySuffix(e).hasNext()).as(e).isTrue();
        }
        byte[] pgm = "P2\n2 2\n255\n0 255\n255 0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(api.postBytes("/api/upload?name=scan.pgm", pgm, "image/x-portable-graymap").status()).isEqualTo(201);
        assertThat(ws.resolve("uploads/scan.pgm")).exists();
        byte[] webp = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'};
        assertError(api.postBytes("/api/upload?name=scan.webp", webp, "image/webp"), 400, "scan.webp", ".png");
        assertThat(ws.resolve("uploads/scan.webp")).doesNotExist();
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(4, 4,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.io.ByteArrayOutputStream tif = new java.io.ByteArrayOutputStream();
        assertThat(javax.imageio.ImageIO.write(img, "tiff", tif)).isTrue();
        assertThat(api.postBytes("/api/upload?name=scan.TIF", tif.toByteArray(), "image/tiff").status()).isEqualTo(201);
        // a file of another format in the workspace is refused before a worker starts
        Files.write(ws.resolve("data/test_images/scan.webp"), webp);
        Files.write(ws.resolve("dummy-fmt.caffemodel"), new byte[] {1});
        assertError(api.post("/api/infer", Map.of("deploy", "nets/tiny-fcn/deploy.prototxt", "weights",
                "dummy-fmt.caffemodel", "images", List.of("data/test_images/scan.webp"))), 400,
                "data/test_images/scan.webp", "format");
        Files.delete(ws.resolve("data/test_images/scan.webp"));
    }

    @Test
    void inferenceForARunWhoseNetWasDeletedSaysSo() throws Exception {
        Files.createDirectories(ws.resolve("runs/orphan"));
        Files.writeString(ws.resolve("runs/orphan/run.json"), "{\"outcome\":\"completed\",\"solver\":\""
                + ws.resolve("nets/gone/solver.prototxt") + "\",\"origin\":\"" + ws.resolve("nets/gone/solver.prototxt")
                + "\"}");
        JsonNode d = api.get("/api/infer/defaults?run=orphan").json();
        assertThat(d.path("deploy").isNull()).as(d.toString()).isTrue();
        assertThat(d.path("note").asText()).contains("nets/gone").contains("is gone");
        Files.write(ws.resolve("dummy-orphan.caffemodel"), new byte[] {1});
        assertError(api.post("/api/infer", Map.of("run", "orphan", "weights", "dummy-orphan.caffemodel", "images",
                List.of("data/test_images/slice0.png"))), 400, "'deploy' is required", "run 'orphan' was started from"
                + " nets/gone, which is gone (deleted or renamed)");
        // its net folder back without a deploy: named as such
        Files.createDirectories(ws.resolve("nets/gone"));
        assertThat(api.get("/api/infer/defaults?run=orphan").json().path("note").asText()).contains("has no"
                + " deploy.prototxt");
    }

    @Test
    void messagesNameTheUiControlsNotCliFlags() throws Exception {
        assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "w1", "maxIter", 0)), 400,
                "'Max iterations' must be at least 1");
        assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "w1", "snapshot", -1)), 400,
                "'Snapshot every' must be 0");
        assertError(api.post("/api/runs", Map.of("net", "tiny-fcn", "run", "w1", "testInterval", -1)), 400,
                "'Test every' must be 0");
        Files.createDirectories(ws.resolve("runs/dead"));
        Files.writeString(ws.resolve("runs/dead/run.json"), "{\"outcome\":\"failed\"}");
        Files.writeString(ws.resolve("runs/dead/solver.prototxt"), WebFixture.solver(2));
        ApiClient.Response resume = api.post("/api/runs/dead/resume", "");
        assertError(resume, 400, "Resume: no complete snapshot", "start it again with Start");
        assertThat(resume.json().path("error").asText()).doesNotContain("--");
        // an import over existing data without "replace existing data/"
        JsonNode job = api.post("/api/import", Map.of("kind", "images", "images", "data/test_images", "labels",
                "data/test_labels")).json();
        List<ApiClient.Event> events = api.events("/api/jobs/" + job.path("id").asText() + "/events",
                e -> "end".equals(e.name()), 30);
        String error = events.get(events.size() - 1).data().path("error").asText();
        assertThat(error).contains("replace existing data/").doesNotContain("--");
        assertThat(WebWording.of("x: output exists; use --force to replace it or choose another --out"))
                .isEqualTo("x: output exists; tick \"replace existing data/\" to replace it");
        assertThat(WebWording.of("--snapshots-dir stays")).isEqualTo("--snapshots-dir stays");
    }
}
