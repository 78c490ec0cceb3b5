#!/usr/bin/python3
"""Sunnybrook (original layout) -> image + label LMDBs of caffe.Datum, the way the popular
Python converters do it (pydicom + OpenCV + lmdb). The Python peer of `dlp import sunnybrook`
for bench/run's import-throughput section.

Layout read:
  <root>/<case>/IM-SSSS-NNNN.dcm                                   images (any names; *.dcm)
  <root>/<CASE-padded>/contours-manual/IRCCI-expert/IM-0001-NNNN-icontour-manual.txt
The contour's NNNN is the DICOM InstanceNumber; its 0001 is not the series. Case folders are
matched after stripping zero padding (SC-HF-I-01 == SC-HF-I-1). When a case holds several
series, the one whose instance numbers cover the most contours is used.

Per paired slice: pixels (with RescaleSlope/Intercept) are windowed to the 1st..99th
percentile and scaled to uint8; the i-contour (x = column, y = row) is truncated to int and
filled with cv2.fillPoly as class 1 on a class-0 background. Both go into
<out>/images_lmdb and <out>/labels_lmdb under the same %08d key (Datum channels=1, height,
width, data; encoded by hand in caffe_datum.py).

  sunnybrook_to_lmdb.py ROOT --out DIR
Prints slices/s and the peak RSS on stdout.
"""
import argparse
import collections
import os
import re
import resource
import shutil
import sys
import time

import cv2
import lmdb
import numpy as np
import pydicom

from caffe_datum import encode_datum, key

CONTOUR = re.compile(r"IM-0001-(\d{4})-icontour-manual\.txt$")


def case_id(folder):
    """SC-HF-I-01 -> SC-HF-I-1 (contour folders are zero padded, image folders are not)."""
    return re.sub(r"-0*(\d+)$", lambda m: "-" + str(int(m.group(1))), folder)


def scan(root):
    images = collections.defaultdict(list)    # case -> [dcm path]
    contours = collections.defaultdict(dict)  # case -> {instance: contour path}
    for dirpath, _, files in os.walk(root):
        parts = os.path.relpath(dirpath, root).split(os.sep)
        for name in files:
            path = os.path.join(dirpath, name)
            match = CONTOUR.match(name)
            if match and "contours-manual" in parts:
                case = case_id(parts[parts.index("contours-manual") - 1])
                contours[case][int(match.group(1))] = path
            elif name.lower().endswith(".dcm"):
                images[case_id(parts[-1])].append(path)
    return images, contours


def pick_slices(dcm_paths, wanted):
    """{instance: dcm path} for the series covering the most wanted instance numbers."""
    by_series = collections.defaultdict(dict)
    for path in dcm_paths:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        by_series[ds.get("SeriesNumber")][int(ds.InstanceNumber)] = path
    best = max(by_series.values(), key=lambda s: (len(wanted & s.keys()), len(s)), default={})
    return best


def normalise(ds):
    pixels = ds.pixel_array.astype(np.float32)
    pixels = pixels * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
    lo, hi = np.percentile(pixels, (1, 99))
    scaled = (pixels - lo) * (255.0 / max(hi - lo, 1e-6))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def mask(contour_path, shape):
    points = np.loadtxt(contour_path, ndmin=2).astype(np.int32)
    label = np.zeros(shape, np.uint8)
    cv2.fillPoly(label, [points.reshape(-1, 1, 2)], 1)
    return label


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    start = time.perf_counter()

    images, contours = scan(args.root)
    os.makedirs(args.out, exist_ok=True)
    tmp = {name: os.path.join(args.out, "." + name + ".tmp") for name in ("images", "labels")}
    envs = {}
    for name, path in tmp.items():
        shutil.rmtree(path, ignore_errors=True)
        envs[name] = lmdb.open(path, map_size=1 << 36)
    txns = {name: env.begin(write=True) for name, env in envs.items()}

    count, skipped = 0, 0
    for case in sorted(contours):
        slices = pick_slices(images.get(case, []), set(contours[case]))
        for instance in sorted(contours[case]):
            if instance not in slices:
                skipped += 1
                print("warning: %s: no DICOM with InstanceNumber %d" % (case, instance),
                      file=sys.stderr)
                continue
            ds = pydicom.dcmread(slices[instance])
            image = normalise(ds)
            label = mask(contours[case][instance], image.shape)
            h, w = image.shape
            txns["images"].put(key(count), encode_datum(1, h, w, image.tobytes()))
            txns["labels"].put(key(count), encode_datum(1, h, w, label.tobytes()))
            count += 1
            if count % 1000 == 0:
                for name in txns:
                    txns[name].commit()
                    txns[name] = envs[name].begin(write=True)
                print("  %d slices" % count, file=sys.stderr)
    for name in txns:
        txns[name].commit()
        envs[name].close()
        final = os.path.join(args.out, name + "_lmdb")
        shutil.rmtree(final, ignore_errors=True)
        os.rename(tmp[name], final)

    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print("slices: %d (skipped %d) cases: %d seconds: %.3f slices/s: %.1f peak_rss_mb: %.1f"
          % (count, skipped, len(contours), seconds, count / seconds if seconds else 0, peak_mb))


if __name__ == "__main__":
    main()
