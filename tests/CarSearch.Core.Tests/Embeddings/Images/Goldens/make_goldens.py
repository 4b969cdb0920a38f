"""Make the small input images and Pillow goldens for the RGB-conversion cases the CLIP kit lacks.

Run with Debian bookworm's Pillow 9.4.0 (the kit's reference: `apt-get install -y python3-pil python3-numpy`,
then `/usr/bin/python3 make_goldens.py` in this folder). Deterministic: the same Pillow gives the same bytes.

For every case it writes
  <name>.<ext>      the input, drawn by code (no third-party pictures), a few KB;
  <name>.rgb.png    Pillow's `Image.open(input).convert("RGB")` (first frame, EXIF ignored), 8-bit RGB PNG;
and goldens.json with the input's Pillow mode and size, whether we decode it ("supported": ImageSharp 2.1 has no
CMYK TIFF reader, so that case must be refused cleanly instead), and the SHA-256 of the reference preprocessing (convert,
short side to 224 with BICUBIC, centre crop, normalise; float32 little-endian CHW), so a test can demand bit-exact
parity where the decoders agree and a tolerance where they do not (JPEG).
"""

import hashlib
import io
import json
import struct
import zlib

import numpy as np
from PIL import Image

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)
SIZE = 224
UNSUPPORTED = {"cmyk_96x64.tif"}


def reference_tensor(img):
    """The kit's preprocessing (clip_ref.py preprocess_pil), float32 [3, 224, 224]."""
    img = img.convert("RGB")
    w, h = img.size
    if w <= h:
        rw, rh = SIZE, int(SIZE * h / w)
    else:
        rw, rh = int(SIZE * w / h), SIZE
    img = img.resize((rw, rh), resample=Image.BICUBIC)
    left, top = int(round((rw - SIZE) / 2.0)), int(round((rh - SIZE) / 2.0))
    img = img.crop((left, top, left + SIZE, top + SIZE))
    arr = np.asarray(img, dtype=np.uint8).astype(np.float32) / np.float32(255.0)
    arr = (arr - np.asarray(MEAN, dtype=np.float32)) / np.asarray(STD, dtype=np.float32)
    return np.ascontiguousarray(arr.transpose(2, 0, 1), dtype="<f4")


def scene(w, h, seed):
    """uint8 [h, w, 3]: diagonal gradient, a disk, a bar and a little noise (edges and ramps for the resampler)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    r = (x * 255 // max(w - 1, 1)).astype(np.int32)
    g = (y * 255 // max(h - 1, 1)).astype(np.int32)
    b = ((x + y) * 255 // max(w + h - 2, 1)).astype(np.int32)
    img = np.stack([r, g, 255 - b], axis=-1)
    disk = (x - w * 0.6) ** 2 + (y - h * 0.45) ** 2 < (min(w, h) * 0.25) ** 2
    img[disk] = (230, 30, 40)
    img[h // 5: h // 5 + max(h // 8, 1), w // 8: w // 2] = (20, 200, 60)
    img = img + rng.integers(-12, 13, size=img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png16(samples, color_type):
    """A 16-bit PNG written by hand: Pillow 9.4 cannot save 16-bit RGB/RGBA."""
    h, w = samples.shape[:2]
    raw = b"".join(b"\x00" + samples[row].astype(">u2").tobytes() for row in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, 16, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")


def on_larger_screen(gif, width, height, left, top):
    """Widen a one-frame GIF's logical screen and move its frame (Pillow cannot write such files itself)."""
    data = bytearray(gif)
    data[6:10] = struct.pack("<HH", width, height)
    table = 3 * (2 << (data[10] & 7)) if data[10] & 0x80 else 0
    position = 13 + table
    while data[position] == 0x21:  # skip extensions to the image descriptor
        position += 2
        while data[position]:
            position += 1 + data[position]
        position += 1
    assert data[position] == 0x2C
    data[position + 1:position + 5] = struct.pack("<HH", left, top)
    return bytes(data)


def encoded(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def cases():
    base = scene(96, 64, 1)

    cmyk = Image.fromarray(base).convert("CMYK")
    yield "cmyk_96x64", "jpg", encoded(cmyk, "JPEG", quality=95)

    wide = (base.astype(np.uint16) * 257) ^ np.random.default_rng(2).integers(0, 256, size=base.shape).astype(np.uint16)
    yield "rgb16_96x64", "png", png16(wide, 2)

    alpha = np.tile(np.linspace(0, 65535, 96).astype(np.uint16), (64, 1))[..., None]
    alpha[:, :32] = 0  # coloured but fully transparent: must keep its colour
    yield "rgba16_96x64", "png", png16(np.concatenate([wide, alpha], axis=-1), 6)

    grey = np.asarray(Image.fromarray(base).convert("L"))
    a8 = (np.tile(np.linspace(0, 255, 96), (64, 1))).astype(np.uint8)
    a8[:, :32] = 0
    yield "la_96x64", "png", encoded(Image.fromarray(np.stack([grey, a8], axis=-1), "LA"), "PNG")

    pal = Image.fromarray(base).quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    yield "palette_trns_96x64", "png", encoded(pal, "PNG", transparency=3)
    yield "palette_trns_96x64", "gif", encoded(pal, "GIF", transparency=3)

    frames = [pal] + [Image.fromarray(np.roll(base, 20 * k, axis=1)).quantize(colors=16) for k in (1, 2)]
    yield "animated_96x64", "gif", encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    # A first frame smaller than the logical screen: Pillow fills the rest with index 0, or the transparent index.
    small = Image.fromarray(np.random.default_rng(3).integers(0, 4, size=(30, 40)).astype(np.uint8), "P")
    small.putpalette([200, 50, 50, 20, 20, 220, 30, 200, 30, 240, 240, 0])
    yield "offset_frame_96x64", "gif", on_larger_screen(encoded(small, "GIF"), 96, 64, 10, 12)
    yield "offset_frame_trns_96x64", "gif", on_larger_screen(encoded(small, "GIF", transparency=2), 96, 64, 10, 12)

    yield "rgb24_96x64", "bmp", encoded(Image.fromarray(base), "BMP")
    yield "palette8_96x64", "bmp", encoded(pal, "BMP")

    rgba = Image.fromarray(np.concatenate([base, a8[..., None]], axis=-1), "RGBA")
    yield "rgba_lossless_96x64", "webp", encoded(rgba, "WEBP", lossless=True, exact=True)

    yield "rgb_lzw_96x64", "tif", encoded(Image.fromarray(base), "TIFF", compression="tiff_lzw")
    yield "rgba_deflate_96x64", "tif", encoded(rgba, "TIFF", compression="tiff_adobe_deflate")
    yield "cmyk_96x64", "tif", encoded(cmyk, "TIFF")  # ImageSharp 2.1 cannot read separated (CMYK) TIFF
    yield "palette_96x64", "tif", encoded(pal, "TIFF")
    yield "grey_96x64", "tif", encoded(Image.fromarray(grey, "L"), "TIFF", compression="packbits")
    yield "pages_96x64", "tif", encoded(Image.fromarray(base), "TIFF", save_all=True, append_images=frames[1:])


def main():
    manifest = []
    for name, ext, data in cases():
        stem = f"{name}.{ext}"
        with open(stem, "wb") as f:
            f.write(data)
        with Image.open(stem) as img:
            img.load()
            mode, size = img.mode, img.size
            img.convert("RGB").save(f"{name}.{ext}.rgb.png", "PNG", optimize=True)
            tensor = reference_tensor(img)
        manifest.append({
            "file": stem,
            "rgb": f"{name}.{ext}.rgb.png",
            "pil_mode": mode,
            "width": size[0],
            "height": size[1],
            "supported": stem not in UNSUPPORTED,
            "tensor_sha256": hashlib.sha256(tensor.tobytes()).hexdigest(),
        })
    with open("goldens.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
