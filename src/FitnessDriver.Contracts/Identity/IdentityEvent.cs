namespace FitnessDriver.Contracts.Identity;

/// <summary>
/// Event on <see cref="Topics.Identity"/>, written by Profiles: what every service needs to validate access tokens
/// without asking Profiles (its public signing keys) and to stop accepting tokens that were revoked.
/// </summary>
public abstract record IdentityEvent;

/// <summary>A key that signs access tokens; tokens whose header names <paramref name="KeyId"/> are checked with it.</summary>
/// <param name="KeyId">The <c>kid</c>.</param>
/// <param name="PublicJwk">The public key as a JSON Web Key (RFC 7517).</param>
/// <param name="ValidUntil">Epoch ms after which no token it signed can be valid any more.</param>
public sealed record SigningKeyPublished(string KeyId, string PublicJwk, long ValidUntil) : IdentityEvent;

/// <summary>A session (a sign-in and every token refreshed from it) was revoked: logout, or a refresh token used twice.</summary>
/// <param name="AthleteId">Whose session.</param>
/// <param name="SessionId">The <c>sid</c> of its tokens.</param>
/// <param name="Reason">logout, refresh-reuse, …</param>
/// <param name="ValidUntil">Epoch ms after which no token of the session can be valid anyway (the revocation may be forgotten).</param>
public sealed record SessionRevoked(Guid AthleteId, Guid SessionId, string Reason, long ValidUntil) : IdentityEvent;

/// <summary>Every token the athlete was issued before <paramref name="Before"/> is revoked ("sign out everywhere").</summary>
/// <param name="AthleteId">Whose tokens.</param>
/// <param name="Before">Epoch ms.</param>
public sealed record AthleteSignedOut(Guid AthleteId, long Before) : IdentityEvent;

/// <summary>The athlete was erased: no token of theirs is valid any more, and every service forgets them.</summary>
/// <param name="AthleteId">Who.</param>
/// <param name="ErasedAt">Epoch ms.</param>
public sealed record AthleteErased(Guid AthleteId, long ErasedAt) : IdentityEvent;
