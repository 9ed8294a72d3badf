using Tsdb.Api.RemoteRead.Proto;
using Tsdb.Api.RemoteWrite;
using Tsdb.Storage;
using MatchType = Tsdb.Storage.MatchType;

namespace Tsdb.Api.RemoteRead;

/// <summary>Turns the matchers of a remote-read query into storage matchers.</summary>
internal static class ReadQueryMatchers
{
    /// <summary>
    /// Converts the protobuf matchers. An equality matcher on an external label with the external
    /// value becomes <c>name=""</c>: stored series do not carry external labels, the response adds
    /// them (read_handler.go filterExtLabelsFromMatchers). A bad regex is the client's fault: 400.
    /// </summary>
    public static Matcher[] Convert(IReadOnlyList<LabelMatcher> matchers, Labels externalLabels)
    {
        var result = new Matcher[matchers.Count];
        for (var i = 0; i < matchers.Count; i++)
        {
            var m = matchers[i];
            var type = m.Type switch
            {
                LabelMatcher.Types.Type.Eq => MatchType.Equal,
                LabelMatcher.Types.Type.Neq => MatchType.NotEqual,
                LabelMatcher.Types.Type.Re => MatchType.Regex,
                LabelMatcher.Types.Type.Nre => MatchType.NotRegex,
                _ => throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"invalid matcher type {(int)m.Type} for label \"{m.Name}\""),
            };
            var value = m.Value;
            if (type == MatchType.Equal && externalLabels.Count > 0 && externalLabels.Has(m.Name) && externalLabels.Get(m.Name) == value)
            {
                value = "";
            }

            try
            {
                result[i] = new Matcher(type, m.Name, value);
            }
            catch (InvalidMatcherException e)
            {
                throw new RemoteWriteException(StatusCodes.Status400BadRequest, $"invalid matcher for label \"{m.Name}\": {e.Message}");
            }
        }

        return result;
    }
}
