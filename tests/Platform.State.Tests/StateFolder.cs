using Platform.Domain.Time;
using Platform.State.Stores;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Tests;

/// <summary>A throw-away billing-state folder (and templates) for one test.</summary>
public sealed class StateFolder : IDisposable
{
    public StateFolder()
    {
        Root = Directory.CreateTempSubdirectory("platform-state-").FullName;
        Templates = Path.Combine(Root, "templates");
        Directory.CreateDirectory(Templates);
        foreach (var table in BillingTables.All)
        {
            File.WriteAllText(Path.Combine(Templates, table.FileName), table.HeaderLine + "\n");
        }
        State = new StateDirectory(Path.Combine(Root, "state"));
    }

    public string Root { get; }

    public string Templates { get; }

    public StateDirectory State { get; }

    public static FixedClock Clock { get; } = new(new DateTimeOffset(2026, 1, 4, 18, 37, 22, TimeSpan.Zero));

    public StateTransaction Transaction() => new(new NoStore(Clock), State, new BootstrapTemplates(Templates), Clock);

    public string PathOf(string asset) => State.PathOf(asset);

    /// <summary>A file the ledger facts keep (<c>.objects/facts/</c>).</summary>
    public string FactsFile(string name) => Path.Combine(State.Path, ".objects", Ledger.LedgerFacts.FolderName, name);

    /// <summary>
    /// Flips bits of one byte of a kept facts file, its modification time put back (a change no size
    /// or time check sees), and asserts that verify reports <paramref name="finding"/> and deletes the facts.
    /// </summary>
    public void AssertVerifyFindsFlippedFacts(string name, int at, byte bits, string finding)
    {
        var path = FactsFile(name);
        var time = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[at] ^= bits;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);

        var (_, log) = BillingState.Inspect(State);

        var violation = Xunit.Assert.Single(log.Violations);
        Xunit.Assert.Contains(finding, violation.Message, StringComparison.Ordinal);
        Xunit.Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    /// <summary>Copies the state the Python platform wrote (Fixtures/python-state) into the folder.</summary>
    public void CopyPythonState()
    {
        Directory.CreateDirectory(State.Path);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-state")))
        {
            File.Copy(file, Path.Combine(State.Path, Path.GetFileName(file)));
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Root, recursive: true);
}
