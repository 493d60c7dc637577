using System.Text.Json.Nodes;

namespace Platform.Reports.Statements;

/// <summary>A statement as one JSON object (the CLI's <c>--format json</c> and <c>--json</c>).</summary>
public static class StatementJson
{
    public static JsonObject Render(Statement statement) => new()
    {
        ["tenant_id"] = statement.TenantId,
        ["from"] = statement.Period.From,
        ["to"] = statement.Period.To,
        ["generation"] = statement.Generation,
        ["generated_at"] = statement.GeneratedAt,
        ["opening_balance"] = statement.Opening,
        ["closing_balance"] = statement.Closing,
        ["net_change"] = statement.Net,
        ["transactions"] = new JsonArray(statement.Lines.Select(l => (JsonNode)new JsonObject
        {
            ["transaction_id"] = l.TransactionId,
            ["created_at"] = l.CreatedAt,
            ["type"] = l.Type,
            ["amount_credits"] = l.Amount,
            ["balance_after"] = l.BalanceAfter,
            ["work_order_id"] = l.WorkOrderId,
            ["reason_code"] = l.ReasonCode,
            ["reason"] = l.Reason,
            ["note"] = l.Note,
            ["items"] = new JsonArray(l.Items.Select(i => (JsonNode)new JsonObject
            {
                ["transaction_item_id"] = i.ItemId,
                ["kind"] = i.Kind.Text(),
                ["module_id"] = i.ModuleId,
                ["feature"] = i.Feature,
                ["type"] = i.Type,
                ["amount_credits"] = i.Amount,
                ["description"] = i.Description,
            }).ToArray()),
        }).ToArray()),
        ["totals"] = new JsonArray(statement.Totals.Select(t => (JsonNode)new JsonObject
        {
            ["kind"] = t.Kind.Text(),
            ["items"] = t.Items,
            ["amount_credits"] = t.Amount,
        }).ToArray()),
    };
}
