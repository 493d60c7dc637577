using Platform.Domain.Errors;

namespace Platform.Repository.Loading;

/// <summary>
/// The outcome of reading a repository: the model (files with structural errors are left out of it),
/// the structural errors (maintenance and the orchestrator refuse to run on any) and the warnings
/// (work order content; each bad work order fails alone at run time).
/// </summary>
public sealed record RepositoryLoad(PlatformRepository Repository, IReadOnlyList<Violation> Errors, IReadOnlyList<Violation> Warnings)
{
    public bool HasErrors => Errors.Count > 0;

    /// <summary>The repository, or a bad-input error (exit 2) listing every structural error.</summary>
    public PlatformRepository RequireValid() =>
        HasErrors ? throw PlatformException.BadInput(Errors) : Repository;
}
