namespace Platform.Repository.Tenants;

public enum TenantStatus
{
    Active,
    Suspended,
}
