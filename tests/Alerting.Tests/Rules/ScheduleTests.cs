using Tsdb.Alerting.Rules;
using Tsdb.PromQL;
using Tsdb.Storage;

namespace Tsdb.Alerting.Tests.Rules;

public sealed class ScheduleTests
{
    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    [Fact]
    public async Task Groups_run_on_aligned_timestamps_restore_after_the_second_and_skip_missed_slots()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-rules-sched-").FullName;
        var clock = new FakeClock(DateTimeOffset.UnixEpoch.AddSeconds(1000));
        try
        {
            using var db = Db.Open(Path.Combine(dir, "data"), new DbOptions { BackgroundCompaction = false });
            var app = db.Appender();
            for (var t = 0; t <= 3600; t += 15)
            {
                app.Append(0, Labels.FromStrings("__name__", "m"), t * 1000L, 20);
            }

            app.Commit();
            var sink = new RecordingSink();
            using var manager = new RuleManager(db, new PromQLEngine(EngineOptions.Default), sink, new RuleManagerOptions { TimeProvider = clock });
            var file = Path.Combine(dir, "rules.yml");
            File.WriteAllText(file, "groups: [{name: g, rules: [{alert: A, expr: m > 10}]}]");
            manager.Update([file], TimeSpan.FromMinutes(1), Labels.Empty);
            var group = manager.RuleGroups[0];
            var first = group.EvalTimestamp(clock.GetUtcNow().UtcDateTime) + TimeSpan.FromMinutes(1);
            Assert.Equal(group.EvalTimestamp(first), first);

            await WaitFor(() => clock.TimerCount > 0);
            clock.Advance(first - clock.GetUtcNow().UtcDateTime);
            await WaitFor(() => manager.Groups()[0].LastEvaluation == first);
            // Before restore: the alert fires and is sent, but no ALERTS series yet.
            Assert.Single(sink.TakeAll());

            await WaitFor(() => clock.TimerCount > 0);
            clock.Advance(TimeSpan.FromMinutes(1));
            await WaitFor(() => manager.Groups()[0].LastEvaluation == first + TimeSpan.FromMinutes(1));
            await WaitFor(() => !group.ShouldRestore);

            // An overrun: three slots pass at once; the group evaluates at the latest slot only.
            await WaitFor(() => clock.TimerCount > 0);
            clock.Jump(TimeSpan.FromMinutes(3.5));
            await WaitFor(() => manager.Groups()[0].LastEvaluation == first + TimeSpan.FromMinutes(4));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
