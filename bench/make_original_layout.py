#!/usr/bin/python3
"""Rearranges the real Sunnybrook subset in shared/data (CAP layout:
final_data/dicoms/<patient>/<n>.dcm + final_data/contourfiles/<case>/i-contours/) into the
original challenge layout that `sunnybrook_to_lmdb.py` and `dlp import sunnybrook` read:

  <out>/<case>/IM-0001-NNNN.dcm
  <out>/<CASE-padded>/contours-manual/IRCCI-expert/IM-0001-NNNN-icontour-manual.txt

--copies K repeats every case K times under new case numbers (files are hard links when
possible), to scale the tree for throughput measurements. Only i-contours are carried over.

  make_original_layout.py SHARED_SUNNYBROOK_DIR OUT [--copies K]
"""
import argparse
import csv
import os
import re
import shutil


def place(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared")
    parser.add_argument("out")
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    final = os.path.join(args.shared, "final_data")
    with open(os.path.join(final, "link.csv")) as f:
        links = [(row["patient_id"], row["original_id"]) for row in csv.DictReader(f)]
    tmp = args.out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    slices = 0
    for copy in range(args.copies):
        for patient, original in links:
            dicoms = os.path.join(final, "dicoms", patient)
            contours = os.path.join(final, "contourfiles", original, "i-contours")
            if not os.path.isdir(dicoms) or not os.path.isdir(contours):
                continue
            prefix, number = re.match(r"(.*-)(\d+)$", original).groups()
            number = int(number) + 100 * copy
            case, padded = "%s%d" % (prefix, number), "%s%02d" % (prefix, number)
            for name in os.listdir(dicoms):
                place(os.path.join(dicoms, name),
                      os.path.join(tmp, case, "IM-0001-%04d.dcm" % int(name[:-4])))
            for name in os.listdir(contours):
                place(os.path.join(contours, name), os.path.join(
                    tmp, padded, "contours-manual", "IRCCI-expert", name))
                slices += 1
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)
    print("%s: %d contoured slices" % (args.out, slices))


if __name__ == "__main__":
    main()
