package org.dlp4j.data.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatumTest {
    @Test
    void encodesWireFormatByHand() {
        byte[] b = Datum.ofBytes(1, 2, 3, new byte[] {1, 2, 3, 4, 5, (byte) 200}, 7).encode();
        assertThat(b).containsExactly(0x08, 1, 0x10, 2, 0x18, 3, 0x22, 6, 1, 2, 3, 4, 5, (byte) 200, 0x28, 7, 0x38, 0);
    }

    @Test
    void floatDataIsUnpackedFixed32() {
        byte[] b = Datum.ofFloats(1, 1, 2, new float[] {1.0f, -2.5f}, 0).encode();
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000, each as tag 0x35 + 4 little-endian bytes
        assertThat(b).containsExactly(0x08, 1, 0x10, 1, 0x18, 2, 0x28, 0,
                0x35, 0, 0, (byte) 0x80, 0x3F, 0x35, 0, 0, 0x20, (byte) 0xC0, 0x38, 0);
        Datum d = Datum.decode(b);
        assertThat(d.floatData()).containsExactly(1.0f, -2.5f);
        assertThat(d.data()).isEmpty();
    }

    @Test
    void readsPackedFloatsAndSkipsUnknownFields() {
        byte[] packed = {0x08, 1, 0x10, 1, 0x18, 2, 0x32, 8, 0, 0, (byte) 0x80, 0x3F, 0, 0, 0, 0x40,
            (byte) 0x98, 0x06, 5 /* field 99 varint */, 0x38, 1};
        Datum d = Datum.decode(packed);
        assertThat(d.floatData()).containsExactly(1.0f, 2.0f);
        assertThat(d.encoded()).isTrue();
        assertThat(d.value(0, 0, 1)).isEqualTo(2.0);
    }

    @Test
    void negativeLabelRoundTripsAsTenByteVarint() {
        byte[] b = Datum.ofBytes(1, 1, 1, new byte[] {9}, -1).encode();
        assertThat(b).hasSize(6 + 3 + 11 + 2);
        assertThat(Datum.decode(b).label()).isEqualTo(-1);
    }

    @Test
    void truncatedInputIsRejected() {
        byte[] b = Datum.ofBytes(1, 2, 2, new byte[] {1, 2, 3, 4}, 0).encode();
        byte[] cut = java.util.Arrays.copyOf(b, 10);
        assertThatThrownBy(() -> Datum.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLengthPastTheEndIsRejectedEvenWhenItOverflowsAnInt() {
        // field 8 (unknown), length-delimited, length 2^31 - 1: pos + length wrapped to a negative number and slipped
        // past the bounds check, and the parse went on at a negative offset (ArrayIndexOutOfBoundsException)
        byte[] huge = {0x08, 1, 0x42, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x10, 2};
        assertThatThrownBy(() -> Datum.decode(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 8 runs past the end");
        // the same for the data field and a length one byte too long
        byte[] data = {0x22, 3, 1, 2};
        assertThatThrownBy(() -> Datum.decode(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 4 runs past the end");
        assertThat(Datum.decode(new byte[] {0x22, 2, 1, 2}).data()).containsExactly(1, 2);
    }
}
