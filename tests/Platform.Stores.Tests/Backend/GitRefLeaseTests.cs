using Microsoft.Extensions.Time.Testing;
using Platform.Domain.Errors;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Backend;

/// <summary>The git-ref lease the GitHub store uses, run on the local store's refs (same create and fast-forward rules).</summary>
public sealed class GitRefLeaseTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LocalReleaseStore store;
    private readonly GitRefLeaseOptions options = new() { TimeToLive = TimeSpan.FromMinutes(30), Wait = TimeSpan.Zero, RenewEvery = null };
    // RenewEvery null: the fake clock would fire renewals as it is advanced; tests renew by hand.

    public GitRefLeaseTests() => store = new LocalReleaseStore(temp.Combine("store"));

    private GitRefLease Lease() => new(store, clock, options);

    [Fact]
    public void A_held_lease_excludes_a_second_holder()
    {
        using var first = Lease().Acquire();

        var error = Assert.Throws<PlatformException>(() => Lease().Acquire());

        Assert.Equal(ExitCode.StateConflict, error.ExitCode);
        Assert.Contains("platform-lease", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_live_holder_is_waited_for_with_growing_capped_pauses_until_the_deadline()
    {
        var delays = new InstantDelays();
        var waiting = options with { Wait = TimeSpan.FromSeconds(5), MaxPause = TimeSpan.FromSeconds(2), RenewEvery = null };
        using var first = new GitRefLease(store, delays, waiting).Acquire();

        var error = Assert.Throws<PlatformException>(() => new GitRefLease(store, delays, waiting).Acquire());

        Assert.Equal(ExitCode.StateConflict, error.ExitCode);
        Assert.Equal([0.25, 0.5, 1, 2, 2], delays.Waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void Release_lets_the_next_holder_in()
    {
        Lease().Acquire().Dispose();

        using var second = Lease().Acquire();

        Assert.NotNull(store.GetRef(options.RefName));
    }

    [Fact]
    public void An_expired_lease_is_broken_and_its_late_holder_does_not_delete_the_new_one()
    {
        var stale = Lease().Acquire();
        clock.Advance(TimeSpan.FromMinutes(31));

        using var fresh = Lease().Acquire();
        var freshRef = store.GetRef(options.RefName);
        stale.Dispose();

        Assert.Equal(freshRef, store.GetRef(options.RefName));
        Assert.Throws<PlatformException>(() => Lease().Acquire());
    }

    [Fact]
    public void A_renewed_lease_outlives_its_first_expiry()
    {
        using var held = (GitRefLease.Held)Lease().Acquire();
        clock.Advance(TimeSpan.FromMinutes(20));

        Assert.True(held.Renew());
        clock.Advance(TimeSpan.FromMinutes(20));

        // 40 minutes after it was taken, 20 after its renewal: still not breakable.
        Assert.Throws<PlatformException>(() => Lease().Acquire());
        Assert.True(held.IsHeld);
    }

    [Fact]
    public void A_lease_broken_after_it_expired_cannot_be_renewed_by_its_late_holder()
    {
        using var late = (GitRefLease.Held)Lease().Acquire();
        clock.Advance(TimeSpan.FromMinutes(31));
        using var fresh = Lease().Acquire();
        var freshRef = store.GetRef(options.RefName);

        Assert.False(late.Renew());

        Assert.False(late.IsHeld);
        Assert.True(late.Lost.IsCancellationRequested);
        Assert.Equal(freshRef, store.GetRef(options.RefName));
    }

    [Fact]
    public void A_renewal_that_fails_on_the_way_is_tried_again_and_never_throws()
    {
        var flaky = new FlakyCommits(store);
        using var held = (GitRefLease.Held)new GitRefLease(flaky, clock, options).Acquire();
        flaky.Failing = true;

        Assert.False(held.Renew());

        Assert.True(held.IsHeld);
        flaky.Failing = false;
        Assert.True(held.Renew());
    }

    [Fact]
    public void A_ref_this_platform_did_not_write_is_never_broken()
    {
        store.TryCreateRef(options.RefName, store.CreateCommit("someone's branch", null));
        clock.Advance(TimeSpan.FromDays(365));

        Assert.Throws<PlatformException>(() => Lease().Acquire());
    }

    public void Dispose() => temp.Dispose();

    /// <summary>The local store, whose commit creation breaks off like a dropped connection while <see cref="Failing"/>.</summary>
    private sealed class FlakyCommits(LocalReleaseStore inner) : IReleaseStore
    {
        public bool Failing { get; set; }

        public string Name => inner.Name;

        public string Location => inner.Location;

        public bool FetchIsPublic() => inner.FetchIsPublic();

        public StoreRelease? GetRelease(string tag) => inner.GetRelease(tag);

        public StoreRelease CreateRelease(string tag) => inner.CreateRelease(tag);

        public IReadOnlyList<StoreAsset> ListAssets(StoreRelease release) => inner.ListAssets(release);

        public StoreAsset? GetAsset(StoreRelease release, long assetId) => inner.GetAsset(release, assetId);

        public void DownloadAsset(StoreRelease release, StoreAsset asset, string destinationPath) => inner.DownloadAsset(release, asset, destinationPath);

        public StoreAsset UploadAsset(StoreRelease release, string name, string sourcePath, string? label = null) => inner.UploadAsset(release, name, sourcePath, label);

        public StoreAsset RenameAsset(StoreRelease release, StoreAsset asset, string newName, string? label = null) => inner.RenameAsset(release, asset, newName, label);

        public void DeleteAsset(StoreRelease release, StoreAsset asset) => inner.DeleteAsset(release, asset);

        public GitRef? GetRef(string name) => inner.GetRef(name);

        public bool TryCreateRef(string name, string sha) => inner.TryCreateRef(name, sha);

        public bool TryFastForwardRef(string name, string sha) => inner.TryFastForwardRef(name, sha);

        public void DeleteRef(string name) => inner.DeleteRef(name);

        public string CreateCommit(string message, string? parentSha, IReadOnlyDictionary<string, string>? files = null) =>
            Failing ? throw new IOException("the connection broke off mid-answer") : inner.CreateCommit(message, parentSha, files);

        public GitCommit GetCommit(string sha) => inner.GetCommit(sha);

        public string ReadCommitFile(string commitSha, string path) => inner.ReadCommitFile(commitSha, path);
    }
}
