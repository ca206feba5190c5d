namespace FitnessDriver.TimeSeries;

/// <summary>Settings of the samples writer (configuration section <c>TimeSeries:Writer</c>).</summary>
public sealed class SampleWriterOptions
{
    /// <summary>
    /// Milliseconds a write keeps gathering sample batches from the log after the first ones: under load, one COPY and one
    /// transaction take many requests' samples. Storage lags the acknowledgement by at most this much more.
    /// </summary>
    public int LingerMilliseconds { get; set; } = 250;
}
