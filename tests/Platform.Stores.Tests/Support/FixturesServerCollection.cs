namespace Platform.Stores.Tests.Support;

/// <summary>The test classes that share one fixtures server for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class FixturesServerCollection : ICollectionFixture<FixturesServer>
{
    public const string Name = "fixtures-server";
}
