using System.Runtime.InteropServices;
using CarSearch.Core.Embeddings.Inference;

namespace CarSearch.Core.Tests.Embeddings.Inference;

public sealed class NativeHeapTests
{
    [Fact]
    public void TrimGivesFreedNativeMemoryBackOnLinux()
    {
        // Blocks below glibc's mmap threshold come from the heap's arenas, which keep them once freed.
        var blocks = new IntPtr[1024];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(64 * 1024);
            Marshal.WriteByte(blocks[i], 1);
        }

        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }

        Assert.Equal(OperatingSystem.IsLinux(), NativeHeap.Trim());
    }

    [Fact]
    public void TrimWithNothingFreedDoesNotThrow()
    {
        NativeHeap.Trim();
        NativeHeap.Trim();
    }
}
