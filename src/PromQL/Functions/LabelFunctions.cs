using Tsdb.Storage;

namespace Tsdb.PromQL.Funcs;

/// <summary>label_replace and label_join with Prometheus's validations and error texts.</summary>
public static class LabelFunctions
{
    /// <summary>Validates the arguments once per call (invalid regex, invalid destination label name) by throwing PromQLException(Execution).</summary>
    public static System.Text.RegularExpressions.Regex CompileReplaceRegex(string regex, string destinationLabel) => throw new NotImplementedException();

    /// <summary>label_replace for one series; returns the input labels when the regex does not match.</summary>
    public static Labels Replace(Labels labels, string destination, string replacement, string source, System.Text.RegularExpressions.Regex compiled) => throw new NotImplementedException();

    /// <summary>Validates label_join's destination and source label names (PromQLException(Execution) on error).</summary>
    public static void ValidateJoin(string destination, IReadOnlyList<string> sources) => throw new NotImplementedException();

    public static Labels Join(Labels labels, string destination, string separator, IReadOnlyList<string> sources) => throw new NotImplementedException();
}
