namespace Platform.Repository.Modules;

/// <summary>
/// Something a module needs from the platform, e.g. <c>{type: secret, key: API_KEY}</c>: a secret is
/// passed as env <c>KEY</c>, read from the platform's <c>&lt;module_id&gt;_&lt;KEY&gt;</c>.
/// <see cref="Value"/> is the optional <c>value</c> field (e.g. a tool version).
/// </summary>
public sealed record ModuleRequirement(string Type, string Key, string Value, string Note)
{
    public const string SecretType = "secret";

    public bool IsSecret => Type == SecretType;
}
