// The ceiling of this machine for the HTTP benchmark's shape: Kestrel with nothing in front of one endpoint that
// reads the body and answers the seed service's fixed JSON (no model, no middleware, no logging). See
// docs/benchmarks.md. Run: dotnet run -c Release --project bench/http/ceiling -- --urls http://127.0.0.1:18095
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var answer = "{\"text\":\"Hi there, good morning! Could you tell me the weather for tomorrow please?\",\"topic\":{\"name\":\"action > thanks\",\"score\":\"0.51\"}}"u8.ToArray();
app.MapPost("/noauth/predict", async (HttpRequest request, HttpResponse response) =>
{
    var buffer = new byte[4096];
    while (await request.Body.ReadAsync(buffer) > 0)
    {
    }

    response.ContentType = "application/json";
    response.ContentLength = answer.Length;
    await response.Body.WriteAsync(answer);
});
app.Run();
