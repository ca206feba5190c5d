using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults.Outbox;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Social.Notices;

/// <summary>Publishes the notices' outbox (<c>social.outbox</c>) to <see cref="Topics.Social"/>.</summary>
public sealed class SocialNoticePublisher(SocialDatabase database, IEventLog log, EventSealing sealing, IAthleteKeys keys, WorkerHealth health,
    ILogger<SocialNoticePublisher> logger)
    : AchievementOutboxPublisher("social notice publisher", database, "social.outbox", Topics.Social, log, sealing, keys, health, logger);
