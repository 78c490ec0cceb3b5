package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.cli.Main;
import org.dlp4j.deploy.GreyImage;
import org.dlp4j.deploy.Segmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process API refuses in Java what made Caffe abort the JVM (the API review's items 1, 2, 4 and 9):
 * each call below took the test JVM down (exit 134) before the shape checks ran in the load and reshape paths.
 */
class ShapeGuardsInProcessTest {
    @TempDir
    Path dir;

    private static final String DATA = """
            layer { name: "data" type: "DummyData" top: "data" dummy_data_param { shape { dim: 2 dim: 3 dim: 8 dim: 8 } } }
            layer { name: "d2" type: "DummyData" top: "b" dummy_data_param { shape { dim: 2 dim: 3 dim: 6 dim: 6 } } }
            """;
    private static final String SMALL_DEPLOY = """
            layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 32 dim: 32 } } }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                    convolution_param { num_output: 2 kernel_size: 11 stride: 4 } }
            layer { name: "prob" type: "Softmax" bottom: "conv1" top: "prob" }
            """;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Problem only(ValidationException e) {
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void loadingANetOrSolverCaffeWouldAbortOnThrowsNamingFileLayerAndFix() throws Exception {
        Path concat = write("concat.prototxt", DATA
                + "layer { name: \"cc\" type: \"Concat\" bottom: \"data\" bottom: \"b\" top: \"cc\" }\n");
        assertThatThrownBy(() -> CaffeNet.load(concat, null, Phase.TRAIN)).isInstanceOf(ValidationException.class)
                .satisfies(e -> {
                    Problem p = only((ValidationException) e);
                    assertThat(p.file()).isEqualTo(concat.toString());
                    assertThat(p.layer()).isEqualTo("cc");
                    assertThat(p.what()).contains("differ outside the concat axis 1");
                    assertThat(p.fix()).contains("same shape on every axis but 1");
                });
        Path eltwise = write("eltwise.prototxt", DATA
                + "layer { name: \"e\" type: \"Eltwise\" bottom: \"data\" bottom: \"b\" top: \"e\" }\n");
        Path solver = write("solver.prototxt", "net: \"" + eltwise + "\"\nbase_lr: 0.01 max_iter: 2 lr_policy: \"fixed\""
                + " snapshot_prefix: \"" + dir.resolve("snap") + "\"\n");
        assertThatThrownBy(() -> CaffeSolver.load(solver)).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(only((ValidationException) e).layer()).isEqualTo("e"))
                .hasMessageContaining(eltwise.toString()).hasMessageContaining("differ in shape");
        // item 4: an axis out of range was an ArrayIndexOutOfBoundsException in the CLI, an abort in process
        Path axis = write("axis.prototxt", DATA
                + "layer { name: \"cc\" type: \"Concat\" bottom: \"data\" bottom: \"data\" top: \"cc\" concat_param { axis: 5 } }\n");
        assertThatThrownBy(() -> CaffeNet.load(axis, null, Phase.TEST)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("concat_param.axis 5 is out of range");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "net", "validate", axis.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("layer 'cc'").contains("concat_param.axis 5").doesNotContain("internal");
    }

    @Test
    void reshapingBelowWhatTheNetTakesIsRefusedAndLeavesTheNetAsItWas() throws Exception {
        Path deploy = write("deploy.prototxt", SMALL_DEPLOY);
        try (CaffeNet n = CaffeNet.load(deploy, null, Phase.TEST)) {
            for (int i = 0; i < 2; i++) { // the second time from the cache of checked shapes
                assertThatThrownBy(() -> n.reshape("data", 1, 1, 2, 2)).isInstanceOf(ValidationException.class)
                        .satisfies(e -> assertThat(only((ValidationException) e).layer()).isEqualTo("conv1"))
                        .hasMessageContaining("[1, 1, 2, 2]").hasMessageContaining("gives a -1x-1 output");
            }
            assertThatThrownBy(() -> n.reshape("data", 1, 1, -3, 5)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("every dim must be positive");
            assertThat(n.shape("data")).containsExactly(1, 1, 32, 32);
            n.reshape("data", 1, 1, 64, 64);
            assertThat(n.shape("prob")).containsExactly(1, 2, 14, 14); // (64 - 11) / 4 + 1
            n.save(dir.resolve("w.caffemodel"));
        }
        try (Segmenter s = Segmenter.load(deploy, dir.resolve("w.caffemodel"), null, null, Device.cpu())) {
            // 8x8: Caffe gives a 1x1 map from a window that is mostly padding; 2x2 aborted it
            for (int size : new int[] {8, 2}) {
                assertThatThrownBy(() -> s.segment(new GreyImage(size, size, new float[size * size])))
                        .isInstanceOf(ValidationException.class).hasMessageContaining("layer 'conv1'");
            }
            assertThat(s.segment(new GreyImage(40, 40, new float[40 * 40])).scores()).hasSize(2 * 40 * 40);
        }
    }
}
