namespace Platform.Repository.Modules;

/// <summary>One output a module declares (documentation for tenants; the result file lists the actual files).</summary>
public sealed record ModuleOutput(string Name, string Format);
