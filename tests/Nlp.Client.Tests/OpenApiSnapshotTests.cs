using System.Net;
using System.Text.Json.Nodes;
using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary>
/// The client is generated from a committed snapshot of the Api's <c>/openapi/v1.json</c>: this test keeps the two
/// equal, so the Api cannot change its contract without the client (and a reviewer) noticing.
/// Refresh with <c>tools/refresh-client-snapshot.sh</c>.
/// </summary>
public sealed class OpenApiSnapshotTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Committed_snapshot_equals_the_live_OpenApi_document()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var live = OpenApiSnapshot.Normalise(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        if (Environment.GetEnvironmentVariable(OpenApiSnapshot.UpdateVariable) == "1")
        {
            var text = OpenApiSnapshot.Format(live);
            if (!File.Exists(OpenApiSnapshot.SourceFile) || await File.ReadAllTextAsync(OpenApiSnapshot.SourceFile, TestContext.Current.CancellationToken) != text)
            {
                await File.WriteAllTextAsync(OpenApiSnapshot.SourceFile, text, TestContext.Current.CancellationToken);
            }

            return;
        }

        var committed = OpenApiSnapshot.Normalise(await File.ReadAllTextAsync(OpenApiSnapshot.CommittedCopy, TestContext.Current.CancellationToken));
        var difference = OpenApiSnapshot.FirstDifference(committed, live);
        Assert.True(difference is null,
            $"src/Nlp.Client/openapi.json differs from the Api's /openapi/v1.json at {difference}. " +
            "If the API change is intended, run tools/refresh-client-snapshot.sh and commit the new snapshot.");
    }

    [Fact]
    public void Snapshot_is_an_OpenApi_3_document_with_the_client_operations()
    {
        var snapshot = OpenApiSnapshot.Normalise(File.ReadAllText(OpenApiSnapshot.CommittedCopy));

        Assert.StartsWith("3.0.", snapshot["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(snapshot.ContainsKey("servers"));
        var operationIds = snapshot["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Select(operation => operation.Value!["operationId"]!.GetValue<string>())
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "NoAuthPredict", "NoAuthPredictGet", "NoAuthPredictBatch", "ListModels", "GetModel" }, operationIds);
    }

    [Fact]
    public void A_changed_document_is_reported_with_the_place_of_the_change()
    {
        var committed = OpenApiSnapshot.Normalise(File.ReadAllText(OpenApiSnapshot.CommittedCopy));
        var changed = committed.DeepClone().AsObject();
        changed["paths"]!["/noauth/predict"]!["post"]!["operationId"] = "Renamed";

        Assert.Equal("/paths/~1noauth~1predict/post/operationId", OpenApiSnapshot.FirstDifference(committed, changed));
        Assert.Null(OpenApiSnapshot.FirstDifference(committed, committed.DeepClone()));
        Assert.Equal(OpenApiSnapshot.Normalise(OpenApiSnapshot.Format(committed)).ToJsonString(), committed.ToJsonString());
    }
}
