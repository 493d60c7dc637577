namespace Platform.State.Ledger;

/// <summary>
/// Consecutive items of one transaction, summed: items are written right after their transaction,
/// so a run usually holds all of them. <see cref="FirstRow"/> names the run in messages.
/// </summary>
public record struct ItemRun(ulong Transaction, long Sum, ulong Tenant, int FirstRow, byte TypeMask, bool MixedTenants);
