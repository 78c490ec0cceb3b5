package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamRangesTest {
    private static List<Problem> check(String layerBody) {
        return ParamRanges.check(TextProto.parse("name: \"n\"\nlayer {\n  name: \"x\"\n  type: \"T\"\n" + layerBody
                + "\n}\n"), "net.prototxt");
    }

    @Test
    void goodValuesPass() {
        assertThat(check("convolution_param { num_output: 16 kernel_size: 3 stride: 2 pad: 0 group: 2 dilation: 1"
                + " weight_filler { type: \"gaussian\" std: 0.01 } }\nparam { lr_mult: 1 decay_mult: 1 }")).isEmpty();
        assertThat(check("dropout_param { dropout_ratio: 0.5 }")).isEmpty();
        assertThat(check("dropout_param { dropout_ratio: 0 }")).isEmpty();
        assertThat(check("lrn_param { local_size: 5 alpha: 1e-4 beta: 0.75 norm_region: WITHIN_CHANNEL }")).isEmpty();
        assertThat(check("pooling_param { pool: AVE kernel_size: 2 stride: 2 }")).isEmpty();
        assertThat(check("pooling_param { pool: 1 kernel_size: 0x2 }")).as("enum by number, hex integer").isEmpty();
        assertThat(check("convolution_param { num_output: 4294967295 kernel_size: 1 }")).isEmpty();
    }

    @Test
    void dropoutRatioOutsideZeroToOne() {
        for (String v : List.of("1.5", "1", "-0.1")) {
            List<Problem> p = check("dropout_param { dropout_ratio: " + v + " }");
            assertThat(p).as(v).hasSize(1);
            assertThat(p.get(0).layer()).isEqualTo("x");
            assertThat(p.get(0).line()).isEqualTo(5);
            assertThat(p.get(0).what()).contains("dropout_param.dropout_ratio").contains(v);
            assertThat(p.get(0).file()).isEqualTo("net.prototxt");
        }
        assertThat(check("dropout_param { dropout_ratio: 1e400 }").get(0).what()).contains("finite");
    }

    @Test
    void uint32FieldsTakeWholeNumbersInRange() {
        for (String v : List.of("-3", "99999999999", "1e400", "2.5", "4294967296")) {
            List<Problem> p = check("convolution_param {\n num_output: " + v + "\n kernel_size: 3 }");
            assertThat(p).as(v).hasSize(1);
            assertThat(p.get(0).what()).contains("convolution_param.num_output is " + v).contains("uint32")
                    .contains("0 to 4294967295");
            assertThat(p.get(0).line()).isEqualTo(6);
        }
        assertThat(check("convolution_param { num_output: \"8\" kernel_size: 3 }").get(0).what()).contains("\"8\"");
        assertThat(check("pooling_param { pad: -1 kernel_size: 2 }").get(0).what()).contains("pooling_param.pad");
        assertThat(check("accuracy_param { top_k: -2 }").get(0).what()).contains("accuracy_param.top_k");
    }

    @Test
    void layerChecksCaffeAbortsOn() {
        assertThat(check("convolution_param { num_output: 0 kernel_size: 3 }")).singleElement()
                .satisfies(p -> assertThat(p.what()).contains("num_output is 0").contains("at least 1"));
        assertThat(check("convolution_param { num_output: 4 kernel_size: 0 }").get(0).what()).contains("kernel_size");
        assertThat(check("convolution_param { num_output: 4 kernel_size: 3 stride: 0 }").get(0).what())
                .contains("stride");
        assertThat(check("convolution_param { num_output: 6 kernel_size: 3 group: 4 }").get(0).what())
                .contains("not a multiple of convolution_param.group 4");
        assertThat(check("lrn_param { local_size: 4 }").get(0).what()).contains("odd");
        assertThat(check("pooling_param { pool: MEDIAN kernel_size: 2 }").get(0).what())
                .contains("pooling_param.pool is MEDIAN").contains("[MAX, AVE, STOCHASTIC]");
        assertThat(check("pooling_param { pool: 3 kernel_size: 2 }")).hasSize(1);
        assertThat(check("data_param { source: \"a\" batch_size: 0 backend: LMDB }").get(0).what())
                .contains("batch_size");
        assertThat(check("data_param { source: \"a\" batch_size: 2 backend: ROCKS }").get(0).what())
                .contains("backend");
        assertThat(check("convolution_param { num_output: 4 kernel_size: 3 kernel_h: 3 kernel_w: 3 }")).hasSize(1);
        assertThat(check("relu_param { negative_slope: nan }").get(0).what()).contains("finite");
        assertThat(check("inner_product_param { num_output: 10 bias_term: maybe }").get(0).what())
                .contains("true or false");
    }

    @Test
    void validateNetNamesEachRangeProblemOnceByLayerAndField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path f = tmp.resolve("n.prototxt");
        java.nio.file.Files.writeString(f, String.join("\n",
                "name: \"t\"",
                "layer { name: \"data\" type: \"DummyData\" top: \"data\" dummy_data_param { shape { dim: 2 dim: 3 dim: 8 dim: 8 } } }",
                "layer { name: \"conv\" type: \"Convolution\" bottom: \"data\" top: \"conv\" convolution_param { num_output: 0 kernel_size: 3 } }",
                "layer { name: \"drop\" type: \"Dropout\" bottom: \"conv\" top: \"conv\" dropout_param { dropout_ratio: 1.5 } }", ""));
        List<Problem> p = Prototxt.validateNet(f, Phase.TRAIN).problems();
        assertThat(p.stream().filter(x -> "conv".equals(x.layer()) && x.what().contains("num_output"))).hasSize(1);
        assertThat(p).anySatisfy(x -> {
            assertThat(x.layer()).isEqualTo("drop");
            assertThat(x.line()).isEqualTo(4);
            assertThat(x.what()).contains("dropout_ratio is 1.5");
        });
        // a value Caffe's parser rejects is still named by layer and field (not only "the parser rejects this file")
        java.nio.file.Files.writeString(f, java.nio.file.Files.readString(f).replace("num_output: 0", "num_output: -3"));
        assertThat(Prototxt.validateNet(f, Phase.TRAIN).problems()).anySatisfy(x -> {
            assertThat(x.layer()).isEqualTo("conv");
            assertThat(x.what()).contains("num_output is -3");
        });
    }
}
