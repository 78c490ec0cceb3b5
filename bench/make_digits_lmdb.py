#!/usr/bin/python3
"""Writes a small MNIST-shaped LMDB (1x28x28 uint8 Datums, label 0-9) of rendered digits.

Used to feed BVLC's LeNet example (examples/mnist/lenet_train_test.prototxt) to the reference
runner and the Java runner without downloading MNIST. Deterministic for a given --seed.

  make_digits_lmdb.py OUT_DIR [--count N] [--seed S]
"""
import argparse
import os
import shutil

import cv2
import lmdb
import numpy as np

from caffe_datum import encode_datum, key


def render(rng, digit):
    img = np.zeros((28, 28), np.uint8)
    scale = rng.uniform(0.7, 1.0)
    x, y = int(rng.integers(3, 10)), int(rng.integers(20, 26))
    cv2.putText(img, str(digit), (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, 255,
                int(rng.integers(1, 3)), cv2.LINE_AA)
    noise = rng.normal(0, 12, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    tmp = args.out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    env = lmdb.open(tmp, map_size=1 << 30)
    with env.begin(write=True) as txn:
        for i in range(args.count):
            digit = int(rng.integers(0, 10))
            txn.put(key(i), encode_datum(1, 28, 28, render(rng, digit).tobytes(), digit))
    env.close()
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)
    print("wrote %d digits to %s" % (args.count, args.out))


if __name__ == "__main__":
    main()
