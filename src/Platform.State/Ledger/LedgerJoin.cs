using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>
/// The rules that span tables: a transaction equals the sum of its items, items carry their
/// transaction's tenant and type, every item and asset resolves, a tenant's balance equals the sum
/// of its transactions and is never negative.
/// </summary>
public static class LedgerJoin
{
    public static void Check(TransactionsScan transactions, ItemsScan items, TenantCreditsScan credits,
        ReleasesMapScan releases, AssetsMapScan assets, ViolationLog log)
    {
        var txFile = BillingTables.Transactions.FileName;
        foreach (var (id, tx) in transactions.Transactions)
        {
            var hasItems = items.Totals.TryGetValue(id, out var totals);
            var hasDiscount = hasItems && (totals.TypeMask & (1 << (int)ItemType.Discount)) != 0;
            var amountText = tx.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var problem = LedgerRules.TransactionAmountProblem(tx.Type, tx.Amount, hasDiscount);
            if (problem is not null)
            {
                log.Add(new Violation(txFile, tx.Row, "amount_credits", amountText, problem));
            }
            if (!hasItems)
            {
                log.Add(new Violation(txFile, tx.Row, "transaction_id", Base62.Unpack(IdKind.Transaction, id), "has no items"));
                continue;
            }
            if (totals.Sum != tx.Amount)
            {
                log.Add(new Violation(txFile, tx.Row, "amount_credits", amountText, $"differs from the sum of its items ({totals.Sum})"));
            }
            if (totals.MixedTenants || totals.Tenant != tx.Tenant)
            {
                log.Add(new Violation(BillingTables.TransactionItems.FileName, totals.FirstRow, "tenant_id", Base62.Unpack(IdKind.Tenant, totals.Tenant), $"items must carry their transaction's tenant {Base62.Unpack(IdKind.Tenant, tx.Tenant)}"));
            }
            for (var type = ItemType.Topup; type <= ItemType.Refund; type++)
            {
                if ((totals.TypeMask & (1 << (int)type)) != 0 && LedgerRules.ParentOf(type) != tx.Type)
                {
                    log.Add(new Violation(BillingTables.TransactionItems.FileName, totals.FirstRow, "type", type.Text(), $"cannot be inside a {tx.Type.Text()} transaction"));
                }
            }
        }

        foreach (var (id, totals) in items.Totals)
        {
            if (!transactions.Transactions.ContainsKey(id))
            {
                log.Add(new Violation(BillingTables.TransactionItems.FileName, totals.FirstRow, "transaction_id", Base62.Unpack(IdKind.Transaction, id), "references no transaction"));
            }
        }

        var creditsFile = BillingTables.TenantsCredits.FileName;
        foreach (var (tenant, sum) in transactions.Balances)
        {
            var name = Base62.Unpack(IdKind.Tenant, tenant);
            if (sum < 0)
            {
                log.Add(new Violation(txFile, null, "tenant_id", name, $"transactions sum to {sum}; a balance is never negative"));
            }
            if (!credits.Rows.TryGetValue(tenant, out var row))
            {
                log.Add(new Violation(creditsFile, null, "tenant_id", name, $"has no row, but its transactions sum to {sum}"));
            }
            else if (row.Credits != sum)
            {
                log.Add(new Violation(creditsFile, row.Row, "credits_available", row.Credits.ToString(System.Globalization.CultureInfo.InvariantCulture), $"differs from the sum of the tenant's transactions ({sum})"));
            }
        }
        foreach (var (tenant, row) in credits.Rows)
        {
            if (row.Credits != 0 && !transactions.Balances.ContainsKey(tenant))
            {
                log.Add(new Violation(creditsFile, row.Row, "credits_available", row.Credits.ToString(System.Globalization.CultureInfo.InvariantCulture), "differs from the sum of the tenant's transactions (0)"));
            }
        }

        foreach (var (releaseId, row) in assets.References)
        {
            if (!releases.ReleaseIds.Contains(releaseId))
            {
                log.Add(new Violation(BillingTables.AssetsMap.FileName, row, "release_id", releaseId, "references no release in github_releases_map.csv"));
            }
        }
    }
}
