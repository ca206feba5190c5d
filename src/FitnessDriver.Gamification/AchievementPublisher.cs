using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults.Outbox;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Gamification;

/// <summary>Publishes the awards' outbox (<c>gamification.outbox</c>) to <see cref="Topics.Achievements"/>.</summary>
public sealed class AchievementPublisher(GamificationDatabase database, IEventLog log, EventSealing sealing, IAthleteKeys keys, WorkerHealth health,
    ILogger<AchievementPublisher> logger)
    : AchievementOutboxPublisher("achievement publisher", database, "gamification.outbox", Topics.Achievements, log, sealing, keys, health, logger);
