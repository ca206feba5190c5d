using FitnessDriver.Devices.Gatt;

namespace FitnessDriver.Devices.Tests.Gatt;

public sealed class GattDecoderTests
{
    [Theory]
    [InlineData("2A37")]
    [InlineData("0x2a37")]
    [InlineData("00002A37-0000-1000-8000-00805F9B34FB")]
    public void Characteristic_can_be_named_by_short_id_or_full_uuid(string characteristic)
    {
        var measurement = GattDecoder.DecodeBase64(characteristic, Convert.ToBase64String([0x16, 0x48, 0x00, 0x04]));

        var heartRate = Assert.IsType<HeartRateMeasurement>(measurement);
        Assert.Equal(72, heartRate.HeartRate);
        Assert.True(heartRate.SensorContactSupported);
        Assert.True(heartRate.SensorContactDetected);
        Assert.Equal([1024], heartRate.RrIntervals);
        Assert.Equal([1000d], heartRate.RrIntervalsMs);
    }

    [Fact]
    public void Unsupported_characteristic_is_a_decode_error_not_a_crash()
    {
        var error = Assert.Throws<GattDecodeException>(() => GattDecoder.Decode(0x2A19, [0x64]));

        Assert.Contains("unsupported characteristic 0x2A19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_base64_is_a_decode_error()
    {
        Assert.Throws<GattDecodeException>(() => GattDecoder.DecodeBase64("2A37", "not base64!"));
    }

    [Fact]
    public void Short_payload_names_the_missing_field_and_offset()
    {
        var ok = GattDecoder.TryDecode(0x2A63, [0x20, 0x00, 0x10, 0x00, 0x05], out var measurement, out var error);

        Assert.False(ok);
        Assert.Null(measurement);
        Assert.Equal(4, error!.Offset);
        Assert.Contains("cumulative crank revolutions", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Csc_wheel_counter_rollover_gives_continuous_speed()
    {
        var calculator = new CscCalculator();
        calculator.Add(new CscMeasurement(uint.MaxValue - 1, 64000, null, null));

        var reading = calculator.Add(new CscMeasurement(2, (64000 + 2048) % 65536, null, null));
        var wrapped = calculator.Add(new CscMeasurement(6, (64000 + 4096) % 65536, null, null));

        Assert.Equal(4 * 2.105 / 2, reading.Speed!.Value, 9);
        Assert.Equal(4 * 2.105 / 2, wrapped.Speed!.Value, 9);
        Assert.Equal(8 * 2.105, wrapped.Distance, 9);
    }

    [Fact]
    public void Csc_crank_only_sensor_gives_cadence_and_no_speed()
    {
        var calculator = new CscCalculator();
        calculator.Add(CscMeasurement.Decode([0x02, 0x0A, 0x00, 0x00, 0x04]));

        var reading = calculator.Add(CscMeasurement.Decode([0x02, 0x0C, 0x00, 0x00, 0x08]));

        Assert.Null(reading.Speed);
        Assert.Equal(120, reading.Cadence!.Value, 9);
    }
}
