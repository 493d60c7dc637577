using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Platform.State.Ledger;

/// <summary>
/// A sorted array of fixed-size values kept in a file and mapped into memory: a lookup touches a
/// few pages, so a million IDs cost the process almost nothing until asked for.
/// </summary>
public sealed unsafe class SortedFile<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryMappedFile? map;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* pointer;

    private SortedFile(MemoryMappedFile? map, MemoryMappedViewAccessor? view, int count)
    {
        this.map = map;
        this.view = view;
        Count = count;
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
        }
    }

    public int Count { get; }

    public ReadOnlySpan<T> Span => Count == 0 ? [] : new ReadOnlySpan<T>(pointer, Count);

    public static SortedFile<T> Open(string path)
    {
        var bytes = new FileInfo(path).Length;
        if (bytes % sizeof(T) != 0)
        {
            throw new InvalidDataException($"{path} holds {bytes} bytes, not a whole number of {sizeof(T)}-byte values");
        }
        if (bytes == 0)
        {
            return new SortedFile<T>(null, null, 0);
        }
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        return new SortedFile<T>(map, map.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read), (int)(bytes / sizeof(T)));
    }

    private bool disposed;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
        }
        map?.Dispose();
    }
}
