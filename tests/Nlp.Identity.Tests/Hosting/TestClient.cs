namespace Nlp.Identity.Tests.Hosting;

internal sealed record TestClient(string ClientId, string Secret, IReadOnlyList<string> Scopes);
