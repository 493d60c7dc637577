using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.Repository.Config;
using Platform.Repository.Tenants;
using Platform.State.Ledger;
using Platform.State.Transactions;

namespace Platform.Billing;

/// <summary>An operator's top-up request, checked in full before any state is touched.</summary>
/// <param name="KnownMethods">Every method of the config, enabled or not: a reference posted under any of them is taken.</param>
public sealed record AdminTopupRequest(TenantId Tenant, TopupMethodId Method, Credits Amount, string Reference, string Note, IReadOnlyList<TopupMethodId> KnownMethods)
{
    /// <summary>Validates the raw CLI values: tenant exists, method exists and is enabled, amount positive, reference non-empty.</summary>
    public static AdminTopupRequest Parse(string repoRoot, string? tenant, string? method, string? amount, string? reference, string? note)
    {
        var tenantId = TenantFolders.RequireExisting(repoRoot, tenant, "--tenant-id");
        var methods = TopupMethods.Load(repoRoot);
        var methodId = methods.RequireEnabled(method ?? "", "--topup-method-id").Id;
        var credits = Credits.ParsePositive(amount, "--amount-credits");
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--reference", reference ?? "", "must not be empty"));
        }
        return new AdminTopupRequest(tenantId, methodId, credits, reference, note ?? "", methods.All.Select(m => m.Id).ToList());
    }

    /// <summary>The same tenant, method and reference always make the same key, so a repeat posts nothing.</summary>
    public string IdempotencyKey => LedgerKeys.Topup(Tenant, Method, Reference);
}

/// <param name="Amount">What the ledger holds: the new amount, or the amount posted before when this repeats it.</param>
public sealed record TopupOutcome(bool Posted, TransactionId? TransactionId, Credits Amount, Credits Balance);

/// <summary>Posts an operator's top-up: one TOPUP transaction with one ADMIN_TOPUP item.</summary>
public static class AdminTopup
{
    /// <summary>
    /// Posts the top-up unless its reference is posted for the tenant already: the same amount and
    /// method again is "already posted"; another amount or method is a conflict (exit 2, nothing
    /// changed), the way a ledger answers a reused ID with different content.
    /// </summary>
    public static TopupOutcome Apply(BillingState state, StateChange change, AdminTopupRequest request)
    {
        var taken = request.KnownMethods.Append(request.Method).Distinct()
            .Select(m => LedgerKeys.Topup(request.Tenant, m, request.Reference)).Where(change.IsPosted).ToHashSet(StringComparer.Ordinal);
        // The usual repeat (same key, same content) is answered by the top-up's fingerprint; anything else reads the ledger to name what was posted.
        if (taken.Contains(request.IdempotencyKey)
            && change.PostedAs(new TopupContent(request.IdempotencyKey, request.Tenant.Value, request.Method.Value, request.Amount.Value)) is { } same)
        {
            return new TopupOutcome(false, TransactionId.Parse(same.TransactionId, "transaction_id"), request.Amount, state.BalanceOf(request.Tenant));
        }
        if (taken.Count > 0)
        {
            var posted = change.FindPostedTopups(taken).Values.OrderBy(p => p.Key != request.IdempotencyKey).First();
            if (posted.Key != request.IdempotencyKey || posted.Amount != request.Amount.Value)
            {
                throw PlatformException.BadInput(new Violation(null, null, "--reference", request.Reference,
                    $"conflict: already posted for {request.Tenant} as transaction {posted.TransactionId} with {posted.Amount} credits by method {posted.Method}; " +
                    $"this request has {request.Amount} credits by method {request.Method}; nothing changed; a reference posts once: use a new reference"));
            }
            return new TopupOutcome(false, TransactionId.Parse(posted.TransactionId, "transaction_id"), new Credits(posted.Amount), state.BalanceOf(request.Tenant));
        }
        var id = change.Post(Posting.Topup(request.Tenant, Feature.AdminTopup, request.Amount, request.IdempotencyKey,
            request.Method, request.Reference, request.Note));
        return new TopupOutcome(true, id, request.Amount, state.BalanceOf(request.Tenant) + request.Amount);
    }
}
