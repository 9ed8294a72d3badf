namespace Tsdb.PromQL.PromqlTest;

/// <summary>Counts of a run; <see cref="ToString"/> is the summary line <c>N passed, M failed, K skipped</c>.</summary>
public readonly record struct PromqlTestSummary(int Passed, int Failed, int Skipped)
{
    public static PromqlTestSummary Of(IEnumerable<PromqlTestCaseResult> results)
    {
        int passed = 0, failed = 0, skipped = 0;
        foreach (var r in results)
        {
            switch (r.Outcome)
            {
                case PromqlTestOutcome.Passed: passed++; break;
                case PromqlTestOutcome.Failed: failed++; break;
                default: skipped++; break;
            }
        }

        return new PromqlTestSummary(passed, failed, skipped);
    }

    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";
}
