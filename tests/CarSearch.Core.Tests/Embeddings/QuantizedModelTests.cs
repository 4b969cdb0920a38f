using System.Diagnostics;
using System.Numerics.Tensors;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Tests.Embeddings.Images;
using CarSearch.Core.Tests.Embeddings.Inference;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings;

/// <summary>
/// <c>models/quantize_int8.py</c> turns a float32 model folder into a dynamically quantised one the app runs as it is.
/// Made here from the kit's model (the script needs python3 with onnx and numpy, which CI installs), so the test
/// checks the script users run, not a file someone committed; the folder has the kit's folder name, so only the
/// weights tell the two model ids apart.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class QuantizedModelTests : IClassFixture<QuantizedModelTests.Models>
{
    /// <summary>
    /// Lowest cosine between an int8 and a float32 embedding of the same input. Per-column 7-bit weights and per-run
    /// uint8 activations keep each MatMul close to float32: on the kit's model the kit's images measured 0.9992 at
    /// worst and its texts 0.9982 (2026-12-06). 7 bits, because with 8 ONNX Runtime's kernel for CPUs without VNNI
    /// saturates: on an AMD EPYC of family 25 (AVX2 only) the texts fell to 0.944, which this bound catches, as it
    /// catches a broken quantisation (a wrong scale, transposed columns, a skipped zero point).
    /// </summary>
    private const double MinCosineToFloat32 = 0.997;

    private readonly Models _models;

    public QuantizedModelTests(Models models) => _models = models;

    [Fact]
    public void ImagesEmbedCloseToFloat32()
    {
        var images = KitImages.All.Select(image => (ReadOnlyMemory<byte>)image.ReadBytes()).ToArray();

        var int8 = _models.Quantized.EmbedImages(images);
        var float32 = _models.FullPrecision.EmbedImages(images);

        for (var i = 0; i < images.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(float32[i], int8[i]);
            Assert.True(cosine >= MinCosineToFloat32, $"{KitImages.All[i].File}: int8 cosine to float32 {cosine:F5} below {MinCosineToFloat32}");
            VectorAssert.UnitLength(int8[i], KitImages.All[i].File);
        }
    }

    [Fact]
    public void TextsEmbedCloseToFloat32()
    {
        var texts = ReferenceGoldens.Texts.Select(text => text.Text).ToArray();

        var int8 = _models.Quantized.EmbedTexts(texts);
        var float32 = _models.FullPrecision.EmbedTexts(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(float32[i], int8[i]);
            Assert.True(cosine >= MinCosineToFloat32, $"\"{texts[i]}\": int8 cosine to float32 {cosine:F5} below {MinCosineToFloat32}");
        }
    }

    [Fact]
    public void TheQuantisedFolderIsSmallerAndNamedAsAnotherModel()
    {
        var float32 = new ModelFolder(ReferenceKit.ModelDirectory);

        Assert.True(
            new FileInfo(_models.Folder.ImageModelPath).Length < new FileInfo(float32.ImageModelPath).Length,
            "the int8 image tower should be smaller than the float32 one");
        Assert.NotEqual(float32.ModelId, _models.Folder.ModelId);
        Assert.Equal("quantized", File.ReadAllText(Path.Combine(_models.Folder.Directory, ".variant")).Trim());
    }

    public sealed class Models : IDisposable
    {
        /// <summary>The kit's tiny model quantises in seconds; a run this long has hung.</summary>
        private static readonly TimeSpan QuantizeTimeout = TimeSpan.FromMinutes(5);

        private readonly string _directory = Directory.CreateTempSubdirectory("carsearch-int8-").FullName;

        public Models()
        {
            Folder = new ModelFolder(Path.Combine(_directory, "model"));
            Quantize(ReferenceKit.ModelDirectory, Folder.Directory);
            Quantized = ClipEmbedder.Open(Folder);
            FullPrecision = ClipEmbedder.Open(new ModelFolder(ReferenceKit.ModelDirectory));
        }

        public ModelFolder Folder { get; }

        public ClipEmbedder Quantized { get; }

        public ClipEmbedder FullPrecision { get; }

        public void Dispose()
        {
            Quantized.Dispose();
            FullPrecision.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        /// <summary>Debian's python3, where apt puts python3-onnx; a python3 earlier on PATH (a venv) may lack it.</summary>
        private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

        private static void Quantize(string model, string output)
        {
            var script = Path.Combine(RepositoryRoot.Directory, "models", "quantize_int8.py");
            var start = new ProcessStartInfo(Python);
            foreach (var argument in new[] { script, "--model", model, "--out", output })
            {
                start.ArgumentList.Add(argument);
            }

            ChildProcessResult run;
            try
            {
                run = ChildProcess.Run(start, QuantizeTimeout, "quantize_int8.py");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("python3 is needed to make the int8 model: apt-get install python3 python3-onnx python3-numpy.", e);
            }

            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"quantize_int8.py exited with {run.ExitCode} (it needs python3-onnx and python3-numpy): {run.Errors}");
            }
        }
    }
}
