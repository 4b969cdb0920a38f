using System.Buffers.Binary;
using System.IO.Hashing;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Frames a record as [payload length: u32][CRC-32 of length and payload: u32][payload], so a reader can tell a
/// whole record from one torn by a crash or overwritten by garbage, and never mistakes a bad length for data.
/// </summary>
internal static class RecordFraming
{
    public const int HeaderBytes = 2 * sizeof(uint);

    /// <summary>No document comes near this (512 floats and metadata are a few KB); a larger length is garbage.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    public enum ReadResult
    {
        Record,
        EndOfFile,
        Torn,
    }

    public static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[sizeof(uint)..], Checksum(header[..sizeof(uint)], payload));
        stream.Write(header);
        stream.Write(payload);
    }

    /// <summary>Reads the next record into <paramref name="buffer"/> (grown when needed).</summary>
    public static ReadResult Read(Stream stream, ref byte[] buffer, out int length)
    {
        length = 0;
        Span<byte> header = stackalloc byte[HeaderBytes];
        var headerRead = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        if (headerRead == 0)
        {
            return ReadResult.EndOfFile;
        }

        if (headerRead < HeaderBytes)
        {
            return ReadResult.Torn;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (declared > MaxPayloadBytes)
        {
            return ReadResult.Torn;
        }

        length = (int)declared;
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        var payload = buffer.AsSpan(0, length);
        if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length)
        {
            return ReadResult.Torn;
        }

        return IsIntact(header, payload) ? ReadResult.Record : ReadResult.Torn;
    }

    /// <summary>
    /// The length of the whole record (header and payload) at the start of <paramref name="data"/>, from its header
    /// alone; 0 when <paramref name="data"/> is too short to tell, -1 when the header cannot be a record's. The payload
    /// is not checked: see <see cref="IsIntact"/>. Lets a reader split a large buffer into records in one pass and
    /// check and decode them in parallel.
    /// </summary>
    public static int RecordLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderBytes)
        {
            return 0;
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(data);
        return declared > MaxPayloadBytes ? -1 : HeaderBytes + (int)declared;
    }

    /// <summary>Whether <paramref name="record"/> (header and payload, as <see cref="RecordLength"/> delimits it) passes its checksum.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> record) => IsIntact(record[..HeaderBytes], record[HeaderBytes..]);

    /// <summary>Whether a payload read apart from its <paramref name="header"/> (into where it is used) passes the header's checksum.</summary>
    public static bool IsIntact(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        Checksum(header[..sizeof(uint)], payload) == BinaryPrimitives.ReadUInt32LittleEndian(header[sizeof(uint)..]);

    private static uint Checksum(ReadOnlySpan<byte> lengthBytes, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(lengthBytes);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}
