using System.Text.Json;
using System.Text.Json.Serialization;

namespace FitnessDriver.Cli.Cost;

/// <summary>
/// What the platform spends per unit of work, as <c>fd cost</c> measured it (or an operator read it from a production
/// cluster). Saved with <c>--save</c> and read back with <c>--from</c>.
/// </summary>
internal sealed record MeasuredInputs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, NumberHandling = JsonNumberHandling.Strict, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Where and how the figures were measured, in words.</summary>
    public required string Source { get; init; }

    /// <summary>CPU time of every process involved (services and PostgreSQL) per sample stored, end to end.</summary>
    public required double CpuSecondsPerSampleIngested { get; init; }

    /// <summary>Database growth per sample stored, everything it caused included (samples, positions, game, indexes).</summary>
    public required double StoredBytesPerSample { get; init; }

    /// <summary>The same once the samples' chunks are compressed (TimescaleDB); null where compression was not measured.</summary>
    public double? CompressedBytesPerSample { get; init; }

    /// <summary>Bytes of the samples topic per sample, as one replica holds them.</summary>
    public required double LogBytesPerSample { get; init; }

    /// <summary>CPU time per sample read back through the API at full resolution.</summary>
    public required double CpuSecondsPerSampleRead { get; init; }

    /// <summary>Response bytes per sample read back at full resolution.</summary>
    public required double BytesPerSampleRead { get; init; }

    /// <summary>CPU time per achievement delivered over the WebSocket, from the award to the push.</summary>
    public required double CpuSecondsPerNotification { get; init; }

    /// <summary>CPU time an open, idle notification WebSocket costs per hour.</summary>
    public required double CpuSecondsPerWebSocketHour { get; init; }

    /// <summary>Memory an open, idle notification WebSocket holds.</summary>
    public required double MemoryBytesPerWebSocket { get; init; }

    /// <summary>Bytes per sample the storage cost is computed from: compressed where that was measured.</summary>
    [JsonIgnore]
    public double BytesPerSampleHeld => CompressedBytesPerSample ?? StoredBytesPerSample;

    public static MeasuredInputs Load(string path)
    {
        MeasuredInputs? inputs;
        try
        {
            inputs = JsonSerializer.Deserialize<MeasuredInputs>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} does not hold fd cost measurements: {e.Message}", e);
        }

        if (inputs is null)
            throw new InvalidDataException($"{path} does not hold fd cost measurements.");
        if (inputs.NegativeOrNotANumber() is { } name)
            throw new InvalidDataException($"{path}: {name} must be a number of zero or more.");
        return inputs;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private string? NegativeOrNotANumber()
    {
        (string Name, double? Value)[] figures =
        [
            ("cpuSecondsPerSampleIngested", CpuSecondsPerSampleIngested), ("storedBytesPerSample", StoredBytesPerSample),
            ("compressedBytesPerSample", CompressedBytesPerSample), ("logBytesPerSample", LogBytesPerSample),
            ("cpuSecondsPerSampleRead", CpuSecondsPerSampleRead), ("bytesPerSampleRead", BytesPerSampleRead),
            ("cpuSecondsPerNotification", CpuSecondsPerNotification), ("cpuSecondsPerWebSocketHour", CpuSecondsPerWebSocketHour),
            ("memoryBytesPerWebSocket", MemoryBytesPerWebSocket),
        ];
        return figures.FirstOrDefault(f => f.Value is { } v && !(v >= 0 && double.IsFinite(v))).Name;
    }
}
