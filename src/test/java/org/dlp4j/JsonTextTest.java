package org.dlp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** JsonText's text against Jackson's pretty printer (the reference) on the shapes the importers write. */
class JsonTextTest {
    enum Split { TRAIN }

    private static String jackson(Object v) throws Exception {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(v);
    }

    @Test
    void equalsJacksonsPrettyText() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "dlp4j dataset v1");
        doc.put("escapes", "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \u0000 us \u001f del \u007f"
                + " é ü 中 \uD83D\uDE00");
        doc.put("int", 3);
        doc.put("long", 1L << 40);
        doc.put("negative", -7);
        doc.put("doubles", new double[] {0.0, -0.0, 1.0, 0.1, 1e-7, 123456789012.0, 1e21, Double.MIN_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
        doc.put("floats", new float[] {1.5f, 1e-9f, Float.NaN});
        doc.put("ints", new int[] {1, 2});
        doc.put("longs", new long[] {});
        doc.put("booleans", new boolean[] {true, false});
        doc.put("flag", Boolean.TRUE);
        doc.put("none", null);
        doc.put("boxedDouble", 0.25);
        doc.put("boxedFloat", 2.5f);
        doc.put("enum", Split.TRAIN);
        doc.put("emptyMap", Map.of());
        doc.put("emptyList", List.of());
        doc.put("list", List.of("a", 1, 2.5));
        doc.put("objects", new Object[] {"x", null, new double[] {1, 2}});
        Map<String, Object> nested = new TreeMap<>();
        nested.put("b", List.of(JsonText.object("k", 1, "v", List.of()), Map.of()));
        nested.put("a", JsonText.object("deeper", JsonText.object("deepest", new double[] {0.5})));
        doc.put("nested", nested);
        List<Object> slices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slices.add(JsonText.object("name", "SC-HF-I-1_IM-0001-00" + i, "rows", 256, "pixelSpacing",
                    new double[] {1.3671875, 1.3671875}, "window", i == 0 ? null : new double[] {12.0, 389.46}));
        }
        doc.put("slices", slices);
        Map<Integer, String> intKeys = new LinkedHashMap<>();
        intKeys.put(255, "ignore");
        intKeys.put(0, "background");
        doc.put("labels", intKeys);
        assertThat(JsonText.pretty(doc)).isEqualTo(jackson(doc));
        for (Object root : new Object[] {Map.of(), List.of(), "text", 1.5, null, new int[] {1}}) {
            assertThat(JsonText.pretty(root)).isEqualTo(jackson(root));
        }
    }

    @Test
    void refusesWhatIsNotPlainData() {
        assertThatThrownBy(() -> JsonText.pretty(Map.of("bytes", new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B");
        assertThatThrownBy(() -> JsonText.pretty(List.of(new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> JsonText.object("odd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectKeepsTheOrderGiven() {
        assertThat(JsonText.object("z", 1, "a", 2, "m", 3).keySet()).containsExactly("z", "a", "m");
    }
}
