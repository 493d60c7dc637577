namespace Platform.Repository.Modules;

/// <summary>One input a module declares; a work order must give every required one.</summary>
public sealed record ModuleInput(string Name, bool Required, string Format);
