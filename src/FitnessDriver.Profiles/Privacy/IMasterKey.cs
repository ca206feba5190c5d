namespace FitnessDriver.Profiles.Privacy;

/// <summary>
/// Wraps (encrypts) and unwraps athletes' data keys. The one implementation here keeps the master key in configuration
/// or a key file (<see cref="LocalMasterKey"/>); a cloud KMS fits behind the same two calls (its Encrypt and Decrypt
/// with the athlete id as encryption context), so the master key never leaves it.
/// </summary>
public interface IMasterKey
{
    /// <summary>The data key of <paramref name="athleteId"/>, wrapped.</summary>
    byte[] Wrap(Guid athleteId, ReadOnlySpan<byte> dataKey);

    /// <summary>A wrapped data key of <paramref name="athleteId"/>, unwrapped.</summary>
    byte[] Unwrap(Guid athleteId, ReadOnlySpan<byte> wrapped);

    /// <summary>
    /// A blind index of <paramref name="value"/>: the same value always gives the same index, which reveals nothing of
    /// it without the master key (a keyed hash), so sealed values can still be found by equality (usernames).
    /// </summary>
    string BlindIndex(string purpose, string value);
}
