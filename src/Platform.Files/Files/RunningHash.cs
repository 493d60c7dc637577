using System.Security.Cryptography;

namespace Platform.Files.Files;

/// <summary>
/// The SHA-256 of a file as it is read or extended. Its state can be saved and resumed in a later
/// process (<see cref="ResumableSha256"/>) where libcrypto allows; elsewhere it is .NET's own
/// incremental hash and <see cref="Save"/> returns null (no trusted prefixes then).
/// </summary>
public sealed class RunningHash : IDisposable
{
    private readonly ResumableSha256? resumable;
    private readonly IncrementalHash? plain;

    private RunningHash(ResumableSha256? resumable, IncrementalHash? plain)
    {
        this.resumable = resumable;
        this.plain = plain;
    }

    public static RunningHash Start() => ResumableSha256.IsAvailable
        ? new(ResumableSha256.Start(), null)
        : new(null, IncrementalHash.CreateHash(HashAlgorithmName.SHA256));

    public static RunningHash Resume(byte[] state, long length) => new(ResumableSha256.Resume(state, length), null) { Length = length };

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (resumable is not null)
        {
            resumable.Append(bytes);
        }
        else
        {
            plain!.AppendData(bytes);
        }
        Length += bytes.Length;
    }

    public void Append(byte[] bytes, int offset, int count) => Append(bytes.AsSpan(offset, count));

    /// <summary>The hash of what was appended so far, lower-case hex; more may be appended after.</summary>
    public string CurrentHex() => resumable?.CurrentHex() ?? Convert.ToHexStringLower(plain!.GetCurrentHash());

    /// <summary>The state to resume from in another process, or null where that is not possible.</summary>
    public byte[]? Save() => resumable?.Save();

    public void Dispose() => plain?.Dispose();
}
