"""caffe.Datum encoded by hand (no protobuf dependency).

Datum fields used: channels=1, height=2, width=3 (varints), data=4 (bytes), label=5 (varint).
Fields are written in field-number order, like protobuf's own serializer does.
"""


def _varint(value):
    if value < 0:
        value += 1 << 64  # int32/int64 negatives are 10-byte two's complement varints
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_datum(channels, height, width, data, label=None):
    """Serialize a Datum holding `data` (uint8 bytes, C x H x W order)."""
    if len(data) != channels * height * width:
        raise ValueError("data has %d bytes, expected %d x %d x %d"
                         % (len(data), channels, height, width))
    parts = [b"\x08", _varint(channels), b"\x10", _varint(height), b"\x18", _varint(width),
             b"\x22", _varint(len(data)), bytes(data)]
    if label is not None:
        parts += [b"\x28", _varint(label)]
    return b"".join(parts)


def key(index):
    """LMDB key shared by the image and label databases."""
    return b"%08d" % index
