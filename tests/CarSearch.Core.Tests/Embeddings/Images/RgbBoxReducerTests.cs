using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>The box reduction a thumbnail starts with: each output pixel is its box's rounded mean, edge boxes included.</summary>
public sealed class RgbBoxReducerTests
{
    [Fact]
    public void EachPixelIsTheRoundedMeanOfItsBoxAndEdgeBoxesAverageWhatTheyHold()
    {
        // 5 x 3 pixels by 2: boxes of 2 x 2, a column of 1 x 2 on the right, a row of 2 x 1 and a lone pixel below.
        const int width = 5, height = 3;
        var source = new byte[width * height * 3];
        for (var i = 0; i < source.Length; i++)
        {
            source[i] = (byte)((i * 37) % 256);
        }

        var output = new byte[3 * 2 * 3];
        RgbBoxReducer.Reduce(width, height, y => source.AsSpan(y * width * 3, width * 3), 2, output);

        for (var oy = 0; oy < 2; oy++)
        {
            for (var ox = 0; ox < 3; ox++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var (sum, count) = (0, 0);
                    for (var y = oy * 2; y < Math.Min(height, (oy * 2) + 2); y++)
                    {
                        for (var x = ox * 2; x < Math.Min(width, (ox * 2) + 2); x++)
                        {
                            sum += source[(((y * width) + x) * 3) + c];
                            count++;
                        }
                    }

                    var expected = (byte)Math.Floor(((double)sum / count) + 0.5);
                    Assert.Equal(expected, output[(((oy * 3) + ox) * 3) + c]);
                }
            }
        }
    }

    [Fact]
    public void WideRowsSumEveryByteWhereTheVectorLoopAndTheTailMeet()
    {
        // 70 pixels = 210 bytes a row: six 32-byte vectors and an 18-byte tail; 7 x 7 boxes, 49 pixels each.
        const int width = 70, height = 14, factor = 7;
        var random = new Random(7);
        var source = new byte[width * height * 3];
        random.NextBytes(source);
        var output = new byte[10 * 2 * 3];

        RgbBoxReducer.Reduce(width, height, y => source.AsSpan(y * width * 3, width * 3), factor, output);

        for (var o = 0; o < output.Length; o++)
        {
            var (pixel, c) = (o / 3, o % 3);
            var (ox, oy) = (pixel % 10, pixel / 10);
            var sum = 0;
            for (var y = oy * factor; y < (oy + 1) * factor; y++)
            {
                for (var x = ox * factor; x < (ox + 1) * factor; x++)
                {
                    sum += source[(((y * width) + x) * 3) + c];
                }
            }

            Assert.Equal((sum + 24) / 49, output[o]);
        }
    }

    [Fact]
    public void AFactorOfOneCopiesThePicture()
    {
        var source = Enumerable.Range(0, 4 * 3 * 3).Select(i => (byte)(i * 5)).ToArray();
        var output = new byte[source.Length];

        RgbBoxReducer.Reduce(4, 3, y => source.AsSpan(y * 12, 12), 1, output);

        Assert.Equal(source, output);
    }
}
