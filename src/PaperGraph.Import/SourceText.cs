using System.Text;

namespace PaperGraph.Import;

/// <summary>Reads an input file as UTF-8 text, refusing anything else with a clear error.</summary>
public static class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How a file is named in messages: relative to the current directory when it is below it.</summary>
    public static string DisplayName(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return shown.Replace('\\', '/');
    }

    /// <summary>Reads <paramref name="path"/>; the text has no BOM and only <c>\n</c> line ends.</summary>
    /// <exception cref="ImportException">The file is missing, unreadable, or not UTF-8 text.</exception>
    public static string Read(string path, string? displayName = null)
    {
        var name = displayName ?? DisplayName(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new ImportException(name, 0, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ImportException(name, 0, "file not found (its folder does not exist)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImportException(name, 0, "cannot read the file: permission denied");
        }
        catch (IOException e)
        {
            throw new ImportException(name, 0, $"cannot read the file: {e.Message}");
        }
        return Decode(bytes, name);
    }

    /// <summary>Decodes bytes that must be UTF-8 text (a BOM is allowed and dropped).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            throw new ImportException(name, 0, "the file is UTF-16 text; save it as UTF-8");
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            bytes = bytes[3..];
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            throw new ImportException(name, LineAt(bytes, nul), $"not a text file (a NUL byte at offset {nul})");
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var offset = FirstInvalidOffset(bytes);
            var bad = offset < bytes.Length ? bytes[offset] : e.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : (byte)0;
            throw new ImportException(name, LineAt(bytes, offset),
                $"not UTF-8 text (byte 0x{bad:X2} at offset {offset}); save the file as UTF-8");
        }
        return text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
    }

    private static int FirstInvalidOffset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                return offset;
            offset += consumed;
        }
        return bytes.Length;
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') line++;
        return line;
    }
}
