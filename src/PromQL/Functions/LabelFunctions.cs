using System.Text;
using System.Text.RegularExpressions;
using Tsdb.Storage;

namespace Tsdb.PromQL.Funcs;

/// <summary>label_replace and label_join with Prometheus's validations and error texts.</summary>
public static class LabelFunctions
{
    /// <summary>Validates the arguments once per call (invalid regex, invalid destination label name) by throwing PromQLException(Execution).</summary>
    /// <remarks>
    /// The regex is anchored as Prometheus's <c>^(?s:re)$</c>. Groups are renumbered Go-style (all
    /// capturing groups left to right, named ones included) so that <c>$1</c> means what it means in
    /// Go; named groups (<c>(?P&lt;n&gt;…)</c> or <c>(?&lt;n&gt;…)</c>) are resolved through a
    /// name table kept with the compiled regex. Constructs RE2 rejects (lookaround, backreferences,
    /// atomic groups, \Z, duplicate names) are rejected. Go's ASCII meaning of \d \w \s (and their
    /// negations outside classes), [[:posix:]] classes, \Q…\E, \pL and $ (end of text unless (?m))
    /// are translated. Known gaps: negated POSIX classes ([[:^alpha:]]) are rejected, \b and
    /// \D \W \S inside classes keep .NET's Unicode meaning, and . matches UTF-16 units, not runes.
    /// </remarks>
    public static Regex CompileReplaceRegex(string regex, string destinationLabel)
    {
        var translated = GoRegex.Translate(regex);
        if (translated == null)
        {
            throw InvalidRegex(regex);
        }

        Regex compiled;
        try
        {
            compiled = new Regex("^(?s:" + translated.Value.Pattern + ")\\z", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            throw InvalidRegex(regex);
        }

        if (!IsValidLabelName(destinationLabel))
        {
            throw new PromQLException(PromQLErrorType.Execution,
                "invalid destination label name in label_replace(): " + destinationLabel);
        }

        GoRegex.Register(compiled, translated.Value.Names);
        return compiled;
    }

    /// <summary>label_replace for one series; returns the input labels when the regex does not match.</summary>
    /// <remarks>The replacement is expanded with Go's Regexp.Expand rules; an empty result deletes the destination label.</remarks>
    public static Labels Replace(Labels labels, string destination, string replacement, string source, Regex compiled)
    {
        var sourceValue = labels.Get(source);
        var match = compiled.Match(sourceValue);
        if (!match.Success)
        {
            return labels;
        }

        var value = GoRegex.Expand(compiled, replacement, match);
        return new LabelsBuilder(labels).Set(destination, value).Build();
    }

    /// <summary>Validates label_join's destination and source label names (PromQLException(Execution) on error).</summary>
    public static void ValidateJoin(string destination, IReadOnlyList<string> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (!IsValidLabelName(sources[i]))
            {
                throw new PromQLException(PromQLErrorType.Execution,
                    "invalid source label name in label_join(): " + sources[i]);
            }
        }

        if (!IsValidLabelName(destination))
        {
            throw new PromQLException(PromQLErrorType.Execution,
                "invalid destination label name in label_join(): " + destination);
        }
    }

    /// <summary>label_join for one series: missing sources count as empty; an empty result deletes the destination label.</summary>
    public static Labels Join(Labels labels, string destination, string separator, IReadOnlyList<string> sources)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(labels.Get(sources[i]));
        }

        return new LabelsBuilder(labels).Set(destination, sb.ToString()).Build();
    }

    /// <summary>Prometheus 3's UTF-8 label name validation: non-empty valid UTF-8 (U+FFFD marks bytes that were not).</summary>
    private static bool IsValidLabelName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\uFFFD')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= name.Length || !char.IsLowSurrogate(name[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static PromQLException InvalidRegex(string regex) =>
        new(PromQLErrorType.Execution, "invalid regular expression in label_replace(): " + regex);
}
