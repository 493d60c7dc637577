namespace Platform.Repository.WorkOrders;

/// <summary>Descriptive fields of a work order; CreatedAt is kept as written.</summary>
public sealed record WorkOrderMetadata(string Title, string CreatedAt, string Notes)
{
    public static readonly WorkOrderMetadata Empty = new("", "", "");
}
