using System.Security.Cryptography;
using FitnessDriver.Contracts.Privacy;

namespace FitnessDriver.Contracts.Tests;

public sealed class SealedTests
{
    private static readonly Guid Athlete = Guid.Parse("0193a3c4-0000-7000-8000-000000000002");
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(Sealed.KeyLength);
    private static readonly byte[] Plaintext = RandomNumberGenerator.GetBytes(3000);

    [Theory]
    [InlineData(Purposes.SampleBatch)]
    [InlineData("a purpose far longer than any the platform names, so that its associated data cannot be built on the stack and goes to the heap")]
    public void A_sealed_value_opens_with_its_key_and_purpose_into_an_array_or_a_span(string purpose)
    {
        var sealedValue = Sealed.Seal(Key, Athlete, purpose, Plaintext);
        Assert.Equal(Plaintext.Length, Sealed.PlaintextLength(sealedValue));
        Assert.Equal(Plaintext, Sealed.Open(Key, purpose, sealedValue));
        var opened = new byte[Sealed.PlaintextLength(sealedValue)];
        Sealed.Open(Key, purpose, sealedValue, opened);
        Assert.Equal(Plaintext, opened);
    }

    [Fact]
    public void Another_key_or_purpose_or_an_altered_byte_does_not_open_it()
    {
        var sealedValue = Sealed.Seal(Key, Athlete, Purposes.SampleBatch, Plaintext);
        var opened = new byte[Plaintext.Length];
        Assert.Throws<ContractFormatException>(() => Sealed.Open(RandomNumberGenerator.GetBytes(Sealed.KeyLength), Purposes.SampleBatch, sealedValue, opened));
        Assert.Throws<ContractFormatException>(() => Sealed.Open(Key, Purposes.Achievement, sealedValue, opened));
        sealedValue[^1] ^= 1;
        Assert.Throws<ContractFormatException>(() => Sealed.Open(Key, Purposes.SampleBatch, sealedValue));
    }

    [Fact]
    public void Opening_into_a_span_of_another_length_is_refused()
    {
        var sealedValue = Sealed.Seal(Key, Athlete, Purposes.SampleBatch, Plaintext);
        Assert.Throws<ArgumentException>(() => Sealed.Open(Key, Purposes.SampleBatch, sealedValue, new byte[Plaintext.Length - 1]));
        Assert.Throws<ContractFormatException>(() => Sealed.PlaintextLength(Plaintext));
    }
}
