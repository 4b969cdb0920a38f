"""The PyTorch reference pipeline over the same JPEGs the .NET bench ingests, for side-by-side ratios.

    python3 torch_pipeline.py --tools DIR --state STATE_DICT --images DIR [--batch 16] [--runs 3]

DIR holds clip_ref.py (shared/tools/clip-random). Per run: every file in --images is opened with PIL, preprocessed
exactly as the reference kit was made (convert RGB, bicubic resize of the short side to 224, centre crop,
normalise), batched by --batch and embedded with the reference model. One process, one intra-op thread (OpenBLAS
uses both cores), as sentence-transformers runs it. Prints JSON: images/s per run and the median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--images", required=True)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, args.tools)
    import clip_ref  # noqa: E402

    model = clip_ref.ClipModel(clip_ref.VIT_B_32)
    model.load_state_dict(torch.load(args.state))
    model.eval()
    files = sorted(os.path.join(args.images, f) for f in os.listdir(args.images))

    def run() -> float:
        start = time.perf_counter()
        with torch.inference_mode():
            for first in range(0, len(files), args.batch):
                pixels = np.stack([clip_ref.preprocess_image(f) for f in files[first:first + args.batch]])
                model.encode_image(torch.from_numpy(pixels))
        return len(files) / (time.perf_counter() - start)

    # One image first: loads libraries and warms the allocator, as the .NET side is warmed.
    with torch.inference_mode():
        model.encode_image(torch.from_numpy(np.stack([clip_ref.preprocess_image(files[0])])))
    rates = [run() for _ in range(args.runs)]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "images": len(files),
                      "batch": args.batch, "img_per_s": rates, "median_img_per_s": statistics.median(rates)}))


if __name__ == "__main__":
    main()
