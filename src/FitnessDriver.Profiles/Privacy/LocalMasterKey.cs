using System.Security.Cryptography;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles.Privacy;

/// <summary>
/// The master key from <c>Privacy:MasterKey</c> (base64 of 32 bytes), or from the key file <c>keys/master.key</c> in the
/// data directory (created on first start, 0600). Data keys are wrapped with AES-256-GCM, bound to their athlete.
/// </summary>
public sealed class LocalMasterKey : IMasterKey
{
    private const string Purpose = "profiles.data-key";
    private readonly byte[] key;

    /// <summary>Loads or creates the master key.</summary>
    public LocalMasterKey(IConfiguration configuration, ILogger<LocalMasterKey> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Privacy:MasterKey"] is { Length: > 0 } configured)
        {
            var bytes = new byte[configured.Length];
            key = Convert.TryFromBase64String(configured, bytes, out var length) && length == Sealed.KeyLength
                ? bytes[..length]
                : throw new StartupException("Privacy:MasterKey must be base64 of 32 bytes (for example: openssl rand -base64 32).");
            return;
        }

        var path = Path.Combine(DataDirectory.Resolve(configuration), "keys", "master.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(Sealed.KeyLength)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, path, overwrite: false);
            logger.LogWarning("Created the master key {Path}; back it up: without it no athlete's data can be read", path);
        }

        key = Convert.FromBase64String(File.ReadAllText(path).Trim());
    }

    /// <inheritdoc />
    public string BlindIndex(string purpose, string value)
    {
        var indexKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: System.Text.Encoding.UTF8.GetBytes("blind-index:" + purpose));
        return Convert.ToHexStringLower(HMACSHA256.HashData(indexKey, System.Text.Encoding.UTF8.GetBytes(value)));
    }

    /// <inheritdoc />
    public byte[] Wrap(Guid athleteId, ReadOnlySpan<byte> dataKey) => Sealed.Seal(key, athleteId, Purpose, dataKey);

    /// <inheritdoc />
    public byte[] Unwrap(Guid athleteId, ReadOnlySpan<byte> wrapped) =>
        Sealed.AthleteOf(wrapped) == athleteId ? Sealed.Open(key, Purpose, wrapped) : throw new CryptographicException($"The wrapped key is not {athleteId}'s.");
}
