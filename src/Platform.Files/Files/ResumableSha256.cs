using System.Runtime.InteropServices;

namespace Platform.Files.Files;

/// <summary>
/// SHA-256 whose running state can be saved and resumed in another process: a file that only grows
/// is hashed once, and afterwards only what was appended (issue 12's trusted prefixes). The state is
/// OpenSSL's <c>SHA256_CTX</c> (the library .NET itself hashes with on Linux, using the CPU's SHA
/// instructions): 112 bytes, the same layout in OpenSSL 1.1 and 3. Where libcrypto cannot be
/// loaded, <see cref="IsAvailable"/> is false and callers fall back to hashing whole files.
/// </summary>
public sealed unsafe partial class ResumableSha256
{
    public const int StateSize = 112;

    private static readonly Api? Native = Api.Load();

    private readonly byte[] context = new byte[StateSize];

    private ResumableSha256()
    {
    }

    public static bool IsAvailable => Native is not null;

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    public static ResumableSha256 Start()
    {
        var hash = new ResumableSha256();
        fixed (byte* ctx = hash.context)
        {
            Check(Required.Init(ctx));
        }
        return hash;
    }

    /// <summary>Resumes a state <see cref="Save"/> gave, after <paramref name="length"/> bytes.</summary>
    public static ResumableSha256 Resume(ReadOnlySpan<byte> state, long length)
    {
        if (state.Length != StateSize)
        {
            throw new ArgumentException($"a SHA-256 state has {StateSize} bytes, not {state.Length}", nameof(state));
        }
        _ = Required;
        var hash = new ResumableSha256 { Length = length };
        state.CopyTo(hash.context);
        return hash;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* ctx = context)
        fixed (byte* data = bytes)
        {
            Check(Required.Update(ctx, data, (nuint)bytes.Length));
        }
        Length += bytes.Length;
    }

    /// <summary>The state to resume from later (with <see cref="Length"/>).</summary>
    public byte[] Save() => (byte[])context.Clone();

    /// <summary>The hash of everything appended so far, in lower-case hex; the state goes on unchanged.</summary>
    public string CurrentHex()
    {
        var copy = Save();
        var digest = stackalloc byte[32];
        fixed (byte* ctx = copy)
        {
            Check(Required.Final(digest, ctx));
        }
        return Convert.ToHexStringLower(new ReadOnlySpan<byte>(digest, 32));
    }

    private static Api Required => Native ?? throw new PlatformNotSupportedException("libcrypto's SHA256_Init/Update/Final cannot be loaded on this machine");

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new InvalidOperationException("libcrypto's SHA-256 failed");
        }
    }

    /// <summary>The three libcrypto entry points, found once.</summary>
    private sealed class Api
    {
        public required delegate* unmanaged<byte*, int> Init { get; init; }

        public required delegate* unmanaged<byte*, byte*, nuint, int> Update { get; init; }

        public required delegate* unmanaged<byte*, byte*, int> Final { get; init; }

        public static Api? Load()
        {
            foreach (var name in new[] { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so", "libcrypto.3.dylib" })
            {
                if (NativeLibrary.TryLoad(name, out var library)
                    && NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                    && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                    && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
                {
                    return new Api
                    {
                        Init = (delegate* unmanaged<byte*, int>)init,
                        Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update,
                        Final = (delegate* unmanaged<byte*, byte*, int>)final,
                    };
                }
            }
            return null;
        }
    }
}
