namespace Platform.State.Stores.Leases;

/// <summary>
/// One try at taking a git-ref lease: the lease when it was taken; otherwise whether to try again at
/// once (the ref moved between two requests) or after a pause (a live holder has it).
/// </summary>
public readonly record struct LeaseRound(IHeldLease? Lease, bool AgainAtOnce);
