using System.Globalization;
using System.Runtime.CompilerServices;
using Platform.Domain.Errors;
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
        if (RunsFollowTransactions(transactions, items))
        {
            Zip(transactions, items, log);
        }
        else
        {
            JoinByTransactionId(transactions, items, log);
        }
        CheckBalances(transactions, credits, log);
        foreach (var (releaseId, row) in assets.References)
        {
            if (!releases.ReleaseIds.Contains(releaseId))
            {
                log.Add(new Violation(BillingTables.AssetsMap.FileName, row, "release_id", releaseId, "references no release in github_releases_map.csv"));
            }
        }
    }

    /// <summary>
    /// True when the item runs are exactly the transactions, in the same order: the shape this
    /// platform and the Python one write (a transaction's items right after it). Then the join is
    /// a walk over two arrays instead of a dictionary of a million entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool RunsFollowTransactions(TransactionsScan transactions, ItemsScan items)
    {
        var runs = items.Runs;
        var next = 0;
        foreach (ref readonly var tx in transactions.Facts)
        {
            if (!transactions.IsCounted(tx))
            {
                continue;
            }
            if (next == runs.Length || runs[next].Transaction != tx.Id)
            {
                return false;
            }
            next++;
        }
        return next == runs.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Zip(TransactionsScan transactions, ItemsScan items, ViolationLog log)
    {
        var runs = items.Runs;
        var next = 0;
        foreach (ref readonly var tx in transactions.Facts)
        {
            if (transactions.IsCounted(tx))
            {
                CheckTransaction(tx, runs[next++], log);
            }
        }
    }

    /// <summary>Any other order (items before their transaction, interleaved, missing or unknown): join through a dictionary.</summary>
    private static void JoinByTransactionId(TransactionsScan transactions, ItemsScan items, ViolationLog log)
    {
        var totals = new Dictionary<ulong, ItemRun>(items.Runs.Length);
        foreach (ref readonly var run in items.Runs)
        {
            if (totals.TryGetValue(run.Transaction, out var sum))
            {
                totals[run.Transaction] = sum with
                {
                    Sum = checked(sum.Sum + run.Sum),
                    TypeMask = (byte)(sum.TypeMask | run.TypeMask),
                    MixedTenants = sum.MixedTenants || run.MixedTenants || run.Tenant != sum.Tenant,
                };
            }
            else
            {
                totals[run.Transaction] = run;
            }
        }
        foreach (ref readonly var tx in transactions.Facts)
        {
            if (!transactions.IsCounted(tx))
            {
                continue;
            }
            if (totals.TryGetValue(tx.Id, out var run))
            {
                CheckTransaction(tx, run, log);
            }
            else
            {
                CheckAmountSign(tx, hasDiscount: false, log);
                log.Add(new Violation(BillingTables.Transactions.FileName, tx.Row, "transaction_id", LedgerText.UnpackId(tx.Id), "has no items"));
            }
        }
        foreach (var (id, run) in totals)
        {
            if (!transactions.Ids.SealAndContains(id))
            {
                log.Add(new Violation(BillingTables.TransactionItems.FileName, run.FirstRow, "transaction_id", LedgerText.UnpackId(id), "references no transaction"));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckTransaction(in TransactionFact tx, in ItemRun items, ViolationLog log)
    {
        var hasDiscount = (items.TypeMask & (1 << (int)ItemType.Discount)) != 0;
        CheckAmountSign(tx, hasDiscount, log);
        if (items.Sum != tx.Amount)
        {
            log.Add(new Violation(BillingTables.Transactions.FileName, tx.Row, "amount_credits", Text(tx.Amount), $"differs from the sum of its items ({items.Sum})"));
        }
        if (items.MixedTenants || items.Tenant != tx.Tenant)
        {
            log.Add(new Violation(BillingTables.TransactionItems.FileName, items.FirstRow, "tenant_id", LedgerText.UnpackId(items.Tenant), $"items must carry their transaction's tenant {LedgerText.UnpackId(tx.Tenant)}"));
        }
        for (var type = ItemType.Topup; type <= ItemType.Refund; type++)
        {
            if ((items.TypeMask & (1 << (int)type)) != 0 && LedgerRules.ParentOf(type) != tx.Type)
            {
                log.Add(new Violation(BillingTables.TransactionItems.FileName, items.FirstRow, "type", type.Text(), $"cannot be inside a {tx.Type.Text()} transaction"));
            }
        }
    }

    private static void CheckAmountSign(in TransactionFact tx, bool hasDiscount, ViolationLog log)
    {
        var problem = LedgerRules.TransactionAmountProblem(tx.Type, tx.Amount, hasDiscount);
        if (problem is not null)
        {
            log.Add(new Violation(BillingTables.Transactions.FileName, tx.Row, "amount_credits", Text(tx.Amount), problem));
        }
    }

    /// <summary>How a tenants_credits.csv balance that its transactions do not explain is reported.</summary>
    public const string UnexplainedBalance = "differs from the sum of the tenant's transactions";

    private const string AdoptHint = "; if the Python platform wrote it, 'platform adopt' posts the difference as an opening balance";

    private static void CheckBalances(TransactionsScan transactions, TenantCreditsScan credits, ViolationLog log)
    {
        var txFile = BillingTables.Transactions.FileName;
        var creditsFile = BillingTables.TenantsCredits.FileName;
        foreach (var (tenant, sum) in transactions.Balances)
        {
            var name = LedgerText.UnpackId(tenant);
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
                log.Add(new Violation(creditsFile, row.Row, "credits_available", Text(row.Credits), $"{UnexplainedBalance} ({sum}){AdoptHint}"));
            }
        }
        foreach (var (tenant, row) in credits.Rows)
        {
            if (row.Credits != 0 && !transactions.Balances.ContainsKey(tenant))
            {
                log.Add(new Violation(creditsFile, row.Row, "credits_available", Text(row.Credits), $"{UnexplainedBalance} (0){AdoptHint}"));
            }
        }
    }

    private static string Text(long amount) => amount.ToString(CultureInfo.InvariantCulture);
}
