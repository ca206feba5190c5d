using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.EventLog;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// Tells the athlete how an archive import goes, through <see cref="Topics.Imports"/>: progress while it runs (pushed
/// live, not kept) and one notification when it ends, instead of one per imported activity.
/// </summary>
public sealed class ImportNotices(IEventLog log, TimeProvider clock)
{
    private static readonly Guid EndNamespace = new("5b0c9e4e-7f1d-4c61-a8d2-3e9f0b6a1c27");

    /// <summary>Publishes the job's progress.</summary>
    public Task ProgressAsync(Guid athleteId, ArchiveImportStatus status, CancellationToken cancellationToken) =>
        PublishAsync(Guid.NewGuid(), athleteId, AchievementTypes.ImportProgress, status, cancellationToken);

    /// <summary>Publishes the job's end (finished, failed or undone), once per outcome.</summary>
    public Task EndedAsync(Guid athleteId, ArchiveImportStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        return PublishAsync(NameBasedGuid.Create(EndNamespace, $"{status.ImportId}:{status.Status}"), athleteId, AchievementTypes.ImportFinished, status, cancellationToken);
    }

    private async Task PublishAsync(Guid id, Guid athleteId, string type, ArchiveImportStatus status, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToNode(status, ContractJson.Options)!.AsObject();
        payload.Remove("createdAt");
        var notice = new Achievement(id, athleteId, type, clock.GetUtcNow().ToUnixTimeMilliseconds(), payload);
        await log.AppendAsync(Topics.Imports, new EventMessage(athleteId.ToString(), AchievementCodec.Encode(notice)), cancellationToken);
    }
}
