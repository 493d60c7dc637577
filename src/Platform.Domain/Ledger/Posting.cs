using Platform.Domain.Errors;

namespace Platform.Domain.Ledger;

/// <summary>One line of a posting: a charge, discount, refund or top-up for one feature (and module).</summary>
public sealed record PostingItem(ModuleId? Module, Feature Feature, ItemType Type, Credits Amount, string Note = "");

/// <summary>
/// A transaction about to be posted, with its items and the idempotency key that makes posting it
/// twice impossible. Its amount is the sum of its items, by construction.
/// </summary>
public sealed record Posting
{
    public Posting(TenantId tenant, TransactionType type, string idempotencyKey, IReadOnlyList<PostingItem> items,
        WorkOrderId? workOrder = null, ReasonCode? reason = null, string note = "",
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (string.IsNullOrEmpty(idempotencyKey))
        {
            throw new ArgumentException("Every posting needs an idempotency key.", nameof(idempotencyKey));
        }
        if (items.Count == 0)
        {
            throw new ArgumentException("A posting needs at least one item.", nameof(items));
        }
        Tenant = tenant;
        Type = type;
        IdempotencyKey = idempotencyKey;
        Items = items;
        WorkOrder = workOrder;
        Reason = reason;
        Note = note;
        Metadata = metadata ?? new Dictionary<string, string>();
        Amount = items.Aggregate(Credits.Zero, (sum, item) => sum + item.Amount);
        var problem = LedgerRules.TransactionAmountProblem(type, Amount.Value, items.Any(i => i.Type == ItemType.Discount))
            ?? items.Select(i => LedgerRules.ItemAmountProblem(i.Type, i.Amount.Value) ?? LedgerRules.ItemFeatureProblem(i.Type, i.Feature)).FirstOrDefault(p => p is not null)
            ?? items.Where(i => LedgerRules.ParentOf(i.Type) != type).Select(i => $"a {i.Type.Text()} item cannot be inside a {type.Text()} transaction").FirstOrDefault();
        if (problem is not null)
        {
            throw new PlatformException($"Refusing to post {idempotencyKey}: {problem}.");
        }
    }

    public TenantId Tenant { get; }

    public TransactionType Type { get; }

    public string IdempotencyKey { get; }

    public IReadOnlyList<PostingItem> Items { get; }

    public WorkOrderId? WorkOrder { get; }

    public ReasonCode? Reason { get; }

    public string Note { get; }

    /// <summary>Extra facts recorded in the transaction's metadata_json, after the idempotency key.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public Credits Amount { get; }

    /// <summary>
    /// A TOPUP of one item (feature ADMIN_TOPUP or PAYMENT) crediting a tenant, with the top-up method
    /// and reference recorded in its metadata after the idempotency key.
    /// </summary>
    public static Posting Topup(TenantId tenant, Feature feature, Credits amount, string idempotencyKey, TopupMethodId method,
        string reference, string note, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            ["topup_method_id"] = method.Value,
            ["reference"] = reference,
        };
        return new Posting(tenant, TransactionType.Topup, idempotencyKey, [new PostingItem(null, feature, ItemType.Topup, amount, note)],
            note: note, metadata: metadata);
    }
}
