using System.Net;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Security-relevant events as structured log entries of their own category (<c>FitnessDriver.Audit</c>), with what
/// happened, to whom and from where; never a token, password or personal name.
/// </summary>
public sealed partial class AuditLog(ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger("FitnessDriver.Audit");

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "audit sign-up athlete={AthleteId} session={SessionId} from={Address}")]
    public partial void SignedUp(Guid athleteId, Guid sessionId, IPAddress? address);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "audit sign-in athlete={AthleteId} session={SessionId} from={Address}")]
    public partial void SignedIn(Guid athleteId, Guid sessionId, IPAddress? address);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "audit sign-in-failed from={Address}")]
    public partial void SignInFailed(IPAddress? address);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "audit refresh-token-reused athlete={AthleteId} session={SessionId}: the session is revoked")]
    public partial void RefreshReused(Guid athleteId, Guid sessionId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "audit logout athlete={AthleteId} session={SessionId}")]
    public partial void LoggedOut(Guid athleteId, Guid sessionId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "audit sign-out-everywhere athlete={AthleteId}")]
    public partial void SignedOutEverywhere(Guid athleteId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "audit credentials-changed athlete={AthleteId}")]
    public partial void CredentialsChanged(Guid athleteId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "audit rate-limited policy={Policy} key={Key} {Method} {Path}")]
    public partial void RateLimited(string policy, string key, string method, string path);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "audit token-refused reason={Reason} {Method} {Path}")]
    public partial void TokenRefused(string reason, string method, string path);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "audit erased athlete={AthleteId}")]
    public partial void Erased(Guid athleteId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "audit export-requested athlete={AthleteId} export={ExportId}")]
    public partial void ExportRequested(Guid athleteId, Guid exportId);
}
