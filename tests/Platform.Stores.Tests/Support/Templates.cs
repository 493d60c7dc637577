using Platform.State.Stores;
using Platform.State.Tables;

namespace Platform.Stores.Tests.Support;

/// <summary>Headers-only template assets, as <c>releases/billing-state-v1/</c> holds them.</summary>
public static class Templates
{
    public static BootstrapTemplates WriteInto(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var table in BillingTables.All)
        {
            File.WriteAllText(Path.Combine(folder, table.FileName), table.HeaderLine + "\n");
        }
        return new BootstrapTemplates(folder);
    }
}
