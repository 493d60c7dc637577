using Platform.State.Stores.GitHub;
using Platform.State.Stores.Retries;

namespace Platform.Stores.Tests.Retries;

/// <summary>The wait before another GitHub attempt, as <see cref="RetryPipelines.NextGitHubWait"/> picks it.</summary>
public sealed class GitHubWaitTests
{
    private static readonly GitHubStoreOptions Options = new(new Uri("https://github.example/api"), "acme", "platform", "t0ken");

    private static GitHubAttempts Attempts(bool repeatable = true, int count = 1) => new(repeatable) { Count = count };

    [Fact]
    public void An_answer_to_keep_is_not_retried()
    {
        Assert.Null(RetryPipelines.NextGitHubWait(Options, GitHubSetback.None, Attempts()));
    }

    [Fact]
    public void A_server_error_backs_off_from_half_a_second_up_to_the_retry_cap()
    {
        var first = RetryPipelines.NextGitHubWait(Options, new(GitHubSetbackKind.ServerError), Attempts(count: 1));
        var late = RetryPipelines.NextGitHubWait(Options with { MaxRetryWait = TimeSpan.FromSeconds(3) }, new(GitHubSetbackKind.BrokenOff), Attempts(count: 9));

        Assert.InRange(first!.Value, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(750));
        Assert.Equal(TimeSpan.FromSeconds(3), late);
    }

    [Theory]
    [InlineData(GitHubSetbackKind.ServerError)]
    [InlineData(GitHubSetbackKind.BrokenOff)]
    public void A_request_not_repeatable_once_sent_is_held_back_after_it_may_have_acted(GitHubSetbackKind kind)
    {
        var attempts = Attempts(repeatable: false);

        Assert.Null(RetryPipelines.NextGitHubWait(Options, new(kind, TimeSpan.FromSeconds(1)), attempts));
        Assert.True(attempts.HeldBack);
    }

    [Fact]
    public void A_request_not_repeatable_once_sent_is_retried_when_nothing_went_out_or_a_limit_refused_it()
    {
        Assert.NotNull(RetryPipelines.NextGitHubWait(Options, new(GitHubSetbackKind.Unreachable), Attempts(repeatable: false)));
        Assert.Equal(TimeSpan.FromSeconds(60), RetryPipelines.NextGitHubWait(Options, new(GitHubSetbackKind.RateLimited), Attempts(repeatable: false)));
    }

    [Fact]
    public void Secondary_limits_double_from_a_minute_within_what_is_left_of_the_budget()
    {
        var options = Options with { MaxRateLimitWait = TimeSpan.FromMinutes(10) };

        Assert.Equal(TimeSpan.FromMinutes(4), RetryPipelines.NextGitHubWait(options, new(GitHubSetbackKind.RateLimited), new GitHubAttempts(true) { SecondaryLimits = 2 }));
        Assert.Equal(TimeSpan.FromMinutes(3), RetryPipelines.NextGitHubWait(options, new(GitHubSetbackKind.RateLimited),
            new GitHubAttempts(true) { SecondaryLimits = 3, RateLimitWaited = TimeSpan.FromMinutes(7) }));
        var spent = new GitHubAttempts(true) { SecondaryLimits = 4, RateLimitWaited = TimeSpan.FromSeconds(541) };
        Assert.Null(RetryPipelines.NextGitHubWait(options, new(GitHubSetbackKind.RateLimited), spent));
        Assert.NotNull(spent.RefusedWait);
    }

    [Fact]
    public void An_asked_wait_is_made_in_full_or_not_at_all()
    {
        var attempts = new GitHubAttempts(true) { RateLimitWaited = TimeSpan.FromMinutes(14) };

        Assert.Equal(TimeSpan.FromSeconds(60), RetryPipelines.NextGitHubWait(Options, new(GitHubSetbackKind.RateLimited, TimeSpan.FromSeconds(60)), attempts));
        Assert.Null(RetryPipelines.NextGitHubWait(Options, new(GitHubSetbackKind.RateLimited, TimeSpan.FromSeconds(61)), attempts));
        Assert.Equal(TimeSpan.FromSeconds(61), attempts.RefusedWait);
    }
}
