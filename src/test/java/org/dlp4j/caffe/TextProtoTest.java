package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextProtoTest {
    private static final String NET = """
            name: "t"  # comment
            layer {
              name: "data" type: "Input" top: "data"
              input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } }
            }
            layer {
              name: 'conv' type: "Convolution" bottom: "data" top: "conv"
              param { lr_mult: 1 } param { lr_mult: 2 }
              convolution_param { num_output: 3 kernel_size: 1 weight_filler { type: "constant" value: 0.5 } }
              include: { phase: TRAIN }
            }
            """;

    @Test
    void parsesFieldsMessagesAndLines() {
        TextProto p = TextProto.parse(NET);
        assertThat(p.get("name")).isEqualTo("t");
        assertThat(p.messages("layer")).hasSize(2);
        TextProto conv = p.messages("layer").get(1);
        assertThat(conv.get("name")).isEqualTo("conv");
        assertThat(conv.line()).isEqualTo(6);
        assertThat(conv.messages("param")).hasSize(2);
        assertThat(conv.message("convolution_param").getInt("num_output", 0)).isEqualTo(3);
        assertThat(conv.message("convolution_param").message("weight_filler").getDouble("value", 0)).isEqualTo(0.5);
        assertThat(conv.message("include").get("phase")).isEqualTo("TRAIN");
        assertThat(p.messages("layer").get(0).message("input_param").message("shape").strings("dim"))
                .containsExactly("1", "1", "4", "4");
    }

    @Test
    void printThenParseIsIdentity() {
        TextProto p = TextProto.parse(NET);
        String printed = p.toString();
        TextProto again = TextProto.parse(printed);
        assertThat(again).isEqualTo(p);
        assertThat(again.toString()).isEqualTo(printed);
    }

    @Test
    void editsKeepPositionAndQuoting() {
        TextProto p = TextProto.parse(NET);
        TextProto conv = p.messages("layer").get(1);
        conv.setString("name", "fc6");
        conv.message("convolution_param").setNumber("num_output", 2);
        assertThat(conv.fields().get(0).name()).isEqualTo("name");
        assertThat(p.toString()).contains("name: \"fc6\"").contains("num_output: 2");
    }

    @Test
    void syntaxErrorNamesLine() {
        assertThatThrownBy(() -> TextProto.parse("name: \"x\"\nlayer {\n  name: \"a\"\n"))
                .isInstanceOf(PrototxtException.class).hasMessageContaining("missing '}'");
        assertThatThrownBy(() -> TextProto.parse("a: 1\nb 2\n"))
                .isInstanceOf(PrototxtException.class).hasMessageContaining(":2:");
    }

    @Test
    void nestingIsLimitedLikeProtobuf() {
        int limit = 100; // protobuf's own limit
        TextProto deepest = TextProto.parse("a {".repeat(limit) + "x: 1" + "}".repeat(limit));
        assertThat(deepest.message("a")).isNotNull();
        assertThatThrownBy(() -> TextProto.parse("a {".repeat(limit + 1) + "}".repeat(limit + 1)))
                .isInstanceOf(PrototxtException.class).hasMessageContaining("nested more than 100");
        assertThatThrownBy(() -> TextProto.parse("a: [" + "{ b: [".repeat(limit + 1) + "]}".repeat(limit + 1) + "]"))
                .isInstanceOf(PrototxtException.class).hasMessageContaining("nested more than 100");
        assertThatThrownBy(() -> TextProto.parse("a <".repeat(200_000) + ">".repeat(200_000)))
                .isInstanceOf(PrototxtException.class).hasMessageContaining(":1:");
    }
}
