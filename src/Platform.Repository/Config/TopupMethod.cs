namespace Platform.Repository.Config;

/// <summary>One row of config/billing/topup_instructions.csv.</summary>
public sealed record TopupMethod(TopupMethodId Id, string Name, bool Enabled, string Instructions, long Row);
