using Platform.Domain.Ledger;

namespace Platform.State.Ledger;

/// <summary>What the ledger keeps of one transaction (32 bytes): enough to join items and sum balances.</summary>
public record struct TransactionFact(ulong Id, long Amount, ulong Tenant, int Row, TransactionType Type);
