namespace Platform.Domain.Ids;

#pragma warning disable CA1812 // marker types are used only as type arguments
public sealed class TenantKind : IIdKind { public static IdKind Kind => IdKind.Tenant; }
public sealed class WorkOrderKind : IIdKind { public static IdKind Kind => IdKind.WorkOrder; }
public sealed class ModuleKind : IIdKind { public static IdKind Kind => IdKind.Module; }
public sealed class TransactionKind : IIdKind { public static IdKind Kind => IdKind.Transaction; }
public sealed class TransactionItemKind : IIdKind { public static IdKind Kind => IdKind.TransactionItem; }
public sealed class ModuleRunKind : IIdKind { public static IdKind Kind => IdKind.ModuleRun; }
public sealed class ReasonCodeKind : IIdKind { public static IdKind Kind => IdKind.ReasonCode; }
public sealed class ReasonKeyKind : IIdKind { public static IdKind Kind => IdKind.ReasonKey; }
public sealed class PaymentKind : IIdKind { public static IdKind Kind => IdKind.Payment; }
public sealed class TopupMethodKind : IIdKind { public static IdKind Kind => IdKind.TopupMethod; }
public sealed class ProductCodeKind : IIdKind { public static IdKind Kind => IdKind.ProductCode; }
public sealed class ReleaseAssetKind : IIdKind { public static IdKind Kind => IdKind.ReleaseAsset; }
public sealed class RedemptionKind : IIdKind { public static IdKind Kind => IdKind.Redemption; }
#pragma warning restore CA1812
