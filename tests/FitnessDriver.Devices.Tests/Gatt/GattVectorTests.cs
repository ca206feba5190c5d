using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FitnessDriver.Devices.Gatt;

namespace FitnessDriver.Devices.Tests.Gatt;

public sealed class GattVectorTests
{
    private static readonly JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(TestFiles.Repo("testdata", "gatt-vectors.json")))!.AsObject());

    public static TheoryData<string> VectorNames() =>
        new(Document.Value["vectors"]!.AsArray().Select(v => (string)v!["name"]!));

    public static TheoryData<string> SequenceNames() =>
        new(Document.Value["cscSequences"]!.AsArray().Select(v => (string)v!["name"]!));

    [Fact]
    public void Vector_file_covers_every_characteristic_and_all_heart_rate_flag_combinations()
    {
        var vectors = Document.Value["vectors"]!.AsArray();
        var names = vectors.Select(v => (string)v!["name"]!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());

        var characteristics = vectors.Select(v => GattDecoder.ParseCharacteristic((string)v!["characteristic"]!)).ToHashSet();
        Assert.Equal(GattDecoder.SupportedCharacteristics.ToHashSet(), characteristics);

        var heartRateFlags = vectors
            .Where(v => (string)v!["characteristic"]! == "2A37" && v!["expected"] is not null && ((string)v["payload"]!).Length > 0)
            .Select(v => Convert.FromHexString((string)v!["payload"]!)[0] & 0x1F)
            .ToHashSet();
        Assert.Equal(32, heartRateFlags.Count);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decoding_matches_vector(string name)
    {
        var vector = Document.Value["vectors"]!.AsArray().Single(v => (string)v!["name"]! == name)!;
        var payload = Convert.FromHexString((string)vector["payload"]!);
        var characteristic = (string)vector["characteristic"]!;

        if (vector["error"] is { } error)
        {
            var exception = Assert.Throws<GattDecodeException>(() => GattDecoder.Decode(characteristic, payload));
            Assert.Equal((int)error["offset"]!, exception.Offset);
            return;
        }

        var measurement = GattDecoder.Decode(characteristic, payload);
        var actual = JsonSerializer.SerializeToNode(measurement, measurement.GetType(), Camel)!.AsObject();
        var expected = vector["expected"]!.AsObject();

        Assert.Equal(
            expected.Select(p => p.Key).Order(StringComparer.Ordinal),
            actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            AssertJsonEqual(value, actual[key], key);
        }
    }

    [Theory]
    [MemberData(nameof(SequenceNames))]
    public void Csc_sequence_gives_expected_speed_and_cadence(string name)
    {
        var sequence = Document.Value["cscSequences"]!.AsArray().Single(v => (string)v!["name"]! == name)!;
        var calculator = new CscCalculator((double)sequence["wheelCircumferenceMm"]!, (int)sequence["staleAfterRepeats"]!);

        var step = 0;
        foreach (var node in sequence["steps"]!.AsArray())
        {
            var reading = calculator.Add(CscMeasurement.Decode(Convert.FromHexString((string)node!["payload"]!)));
            var expected = node["expected"]!;
            AssertJsonEqual(expected["speed"], JsonValue.Create(reading.Speed), $"step {step} speed");
            AssertJsonEqual(expected["cadence"], JsonValue.Create(reading.Cadence), $"step {step} cadence");
            AssertJsonEqual(expected["distance"], JsonValue.Create(reading.Distance), $"step {step} distance");
            step++;
        }
    }

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.True(expectedArray.Count == actualArray.Count, $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertJsonEqual(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                Assert.True(actual is not null, $"{path}: expected {value}, got null");
                var e = value.GetValue<double>();
                var a = actual.GetValue<double>();
                Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{path}: expected {e}, got {a}");
                break;
            default:
                Assert.True(
                    JsonNode.DeepEquals(expected, actual),
                    $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
