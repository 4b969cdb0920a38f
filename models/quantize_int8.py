"""Dynamic int8 quantisation of a CarSearch model folder's two towers, for benchmarks and for exports we make
ourselves (the public int8 export comes from `models/download.sh --quantized`).

    /usr/bin/python3 models/quantize_int8.py --model /tmp/clip-full --out /tmp/clip-full-int8

Needs only Debian's python3-onnx and python3-numpy (onnxruntime's quantisation tools are not installable here).
Every MatMul whose right operand is a weight (the attention projections, the MLPs and the final projections; not
the activation-by-activation products inside attention) becomes what onnxruntime's `quantize_dynamic` emits:

    x --DynamicQuantizeLinear--> (x_u8, x_scale, x_zero) --MatMulInteger(W_s8)--> int32 --Cast--> * (x_scale * w_scale)

The weights are quantised once, symmetric per output column with 7 bits (scale = max|w| / 63, codes -63..63), so
the zero point of W is 0 and only x's (computed per run from its range) is fed. 7 bits, not 8: on x86 CPUs without
VNNI (AVX2 only, e.g. AMD Zen 3), ONNX Runtime's u8 x s8 kernel adds pairs of products in 16 bits with saturation
(`vpmaddubsw`), so 255 * 127 * 2 overflows and the result is wrong, not just coarse: with 8-bit weights the kit's
texts measured an int8-to-float32 cosine of 0.944 on such a CPU. With |w| <= 63 a pair sums to at most 32,130, which
fits, so every CPU computes the same exact integer products (what onnxruntime's `reduce_range=True` does for the same
reason). ONNX Runtime's graph optimiser fuses the chain into
one `DynamicQuantizeMatMul` kernel (u8 x s8, VNNI where the CPU has it). The patch convolution, layer norms,
softmax and the embeddings stay float32. The folder gets the same file names as a float32 one and
`.variant` = `quantized`, as download.sh writes, so the app's model id tells the two apart.
"""

from __future__ import annotations

import argparse
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


# The largest weight code: 2 * 255 * WEIGHT_CODE_LIMIT must fit in int16 (see the module's docstring).
WEIGHT_CODE_LIMIT = 63


def quantize_weight(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric per-column 7-bit: w ~ q * scale[column]; a column of zeros gets scale 1 (q is 0 anyway)."""
    scale = np.abs(weight).max(axis=0) / float(WEIGHT_CODE_LIMIT)
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    q = np.clip(np.rint(weight / scale), -WEIGHT_CODE_LIMIT, WEIGHT_CODE_LIMIT).astype(np.int8)
    return q, scale


def quantize_model(model: onnx.ModelProto) -> int:
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    nodes = []
    new_initializers = []
    done = 0
    for node in graph.node:
        weight = initializers.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if weight is None or len(weight.dims) != 2:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).astype(np.float32)
        q, scale = quantize_weight(w)
        base = node.name or node.output[0]
        q_name, scale_name = f"{weight.name}_quantized", f"{weight.name}_scale"
        if q_name not in {i.name for i in new_initializers}:
            new_initializers.append(numpy_helper.from_array(q, q_name))
            new_initializers.append(numpy_helper.from_array(scale, scale_name))
        x = node.input[0]
        x_q, x_scale, x_zero = f"{base}_x_u8", f"{base}_x_scale", f"{base}_x_zero"
        product, product_float, combined = f"{base}_int32", f"{base}_float", f"{base}_scale"
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [x], [x_q, x_scale, x_zero], name=f"{base}_quantize"),
            helper.make_node("MatMulInteger", [x_q, q_name, x_zero], [product], name=f"{base}_matmul"),
            helper.make_node("Cast", [product], [product_float], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [x_scale, scale_name], [combined], name=f"{base}_scales"),
            helper.make_node("Mul", [product_float, combined], [node.output[0]], name=f"{base}_rescale"),
        ]
        done += 1

    used = {name for node in nodes for name in node.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_initializers)
    # MatMulInteger and DynamicQuantizeLinear are in the default domain from opset 10 and 11.
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx") and opset.version < 11:
            opset.version = 11
    return done


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="a float32 CarSearch model folder")
    ap.add_argument("--out", required=True, help="where the int8 folder is written")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for tower in ("image.onnx", "text.onnx"):
        model = onnx.load(os.path.join(args.model, tower))
        count = quantize_model(model)
        onnx.checker.check_model(model)
        target = os.path.join(args.out, tower)
        onnx.save(model, target)
        print(f"{tower}: {count} MatMuls quantised, {os.path.getsize(target) / 1e6:.1f} MB")
    for name in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(args.model, name), os.path.join(args.out, name))
    with open(os.path.join(args.out, ".variant"), "w", encoding="utf-8") as marker:
        marker.write("quantized\n")


if __name__ == "__main__":
    main()
