namespace Platform.Orchestration.ModuleRunner;

/// <summary>How much of one output stream reached its log.</summary>
/// <param name="Dropped">Bytes read past the cap and thrown away.</param>
/// <param name="CutOff">The pipe was still open when the platform stopped waiting for it.</param>
internal sealed record LogCapture(long Kept, long Dropped, bool CutOff)
{
    public bool Truncated => Dropped > 0 || CutOff;
}
