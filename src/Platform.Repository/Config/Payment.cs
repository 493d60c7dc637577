using Platform.Domain;

namespace Platform.Repository.Config;

/// <summary>One row of config/billing/payments.csv; reconcile-payments posts CONFIRMED and SETTLED rows once each.</summary>
public sealed record Payment(
    PaymentId Id,
    TenantId TenantId,
    TopupMethodId TopupMethodId,
    Credits AmountCredits,
    string Reference,
    DateTimeOffset? ReceivedAt,
    string Status,
    string Note,
    long Row);
