using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>Scalars and containers of every protocol against what CPython's <c>pickle.loads</c> returned (<c>values.json</c>).</summary>
public sealed class RestrictedUnpicklerTests
{
    public static TheoryData<string> Cases => PickleFixtures.Column("values.json", "name");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unpickles_the_value_CPython_unpickles(string name)
    {
        var entry = PickleFixtures.Entry("values.json", "name", name);

        var value = RestrictedUnpickler.Load(Convert.FromHexString(entry["hex"]!.GetValue<string>()), "values.pkl");

        var actual = Canonical(value);
        Assert.True(JsonNode.DeepEquals(entry["expected"], actual), $"{name}: got {actual?.ToJsonString()}");
    }

    /// <summary>The same JSON shape as <c>canonical()</c> in the fixture script.</summary>
    private static JsonNode? Canonical(object? value) => value switch
    {
        null => null,
        bool flag => JsonValue.Create(flag),
        long or BigInteger => new JsonObject { ["int"] = Convert.ToString(value, CultureInfo.InvariantCulture) },
        double or float or Half => new JsonObject { ["float"] = PythonValueText.TryFormat(value, out var text) ? text : null },
        string s => new JsonObject { ["str"] = s },
        byte[] bytes => new JsonObject { ["bytes"] = Convert.ToHexStringLower(bytes) },
        List<object?> list => new JsonObject { ["list"] = new JsonArray([.. list.Select(Canonical)]) },
        object?[] tuple => new JsonObject { ["tuple"] = new JsonArray([.. tuple.Select(Canonical)]) },
        Dictionary<object, object?> dict => new JsonObject
        {
            ["dict"] = new JsonArray([.. dict.Select(pair => (JsonNode)new JsonArray(Canonical(pair.Key), Canonical(pair.Value)))]),
        },
        _ => throw new InvalidOperationException($"unexpected {value.GetType()}"),
    };
}
