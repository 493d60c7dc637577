namespace Platform.Repository.WorkOrders;

public enum WorkOrderMode
{
    /// <summary>Modules that can run do, even when others fail.</summary>
    PartialAllowed,

    /// <summary>The first failure stops the work order; modules not yet run are refunded.</summary>
    AllOrNothing,
}
