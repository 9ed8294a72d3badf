using Tsdb.Config;
using Tsdb.PromQL;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;
using YamlDotNet.RepresentationModel;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// Reads rule files as strictly as Prometheus's <c>model/rulefmt</c>: unknown fields, bad durations,
/// duplicate groups, rules that are neither or both recording and alerting, PromQL that does not
/// parse, fields a recording rule cannot have, bad names and templates that do not parse. All
/// problems of a file are collected (one per rule field), not only the first.
/// </summary>
public static class RuleFileParser
{
    /// <summary>Parses and validates <paramref name="path"/>; the file is null when any error was found.</summary>
    public static (RuleFile? File, IReadOnlyList<RuleFileError> Errors) ParseFile(string path, IRuleTemplates? templates = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new RuleFileError(path, 0, null, 0, null, e.Message)]);
        }

        return Parse(text, path, templates);
    }

    public static (RuleFile? File, IReadOnlyList<RuleFileError> Errors) Parse(string text, string path, IRuleTemplates? templates = null)
    {
        templates ??= RuleTemplates.Validation;
        var errors = new List<RuleFileError>();
        YamlMap root;
        try
        {
            root = YamlConfig.Load(text, "rulefmt.RuleGroups");
        }
        catch (ConfigException e)
        {
            return (null, [new RuleFileError(path, e.Line, null, 0, null, e.Reason)]);
        }

        var groups = new List<RuleGroupDesc>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<YamlNode> groupNodes;
        try
        {
            groupNodes = root.Sequence("groups");
            root.RejectUnknown();
        }
        catch (ConfigException e)
        {
            return (null, [new RuleFileError(path, e.Line, null, 0, null, e.Reason)]);
        }

        foreach (var node in groupNodes)
        {
            var g = ParseGroup(node, path, templates, errors);
            if (g is null)
            {
                continue;
            }

            if (g.Name.Length == 0)
            {
                errors.Add(new RuleFileError(path, g.Line, null, 0, null, "Groupname must not be empty"));
            }
            else if (!names.TryAdd(g.Name, g.Line))
            {
                errors.Add(new RuleFileError(path, g.Line, null, 0, null, $"groupname: \"{g.Name}\" is repeated in the same file", g.Column));
            }

            groups.Add(g);
        }

        return errors.Count > 0 ? (null, errors) : (new RuleFile(path, groups), errors);
    }

    private static RuleGroupDesc? ParseGroup(YamlNode node, string path, IRuleTemplates templates, List<RuleFileError> errors)
    {
        string name = "";
        var line = YamlMap.LineOf(node);
        try
        {
            var m = YamlMap.From(node, "rulefmt.RuleGroup");
            name = m.String("name") ?? "";
            var interval = m.Duration("interval");
            var limit = m.Long("limit") ?? 0;
            var offset = m.Duration("query_offset");
            var labels = m.StringMap("labels");
            var ruleNodes = m.Sequence("rules");
            m.RejectUnknown();
            if (interval is { } iv && iv <= TimeSpan.Zero)
            {
                errors.Add(new RuleFileError(path, m.LineOf("interval"), name, 0, null, "interval must be greater than zero"));
            }

            if (limit < 0)
            {
                errors.Add(new RuleFileError(path, m.LineOf("limit"), name, 0, null, "limit must not be negative"));
            }

            ValidateLabelNames(labels, path, m.LineOf("labels"), name, 0, null, errors, "label");
            var rules = new List<RuleDesc>();
            for (var i = 0; i < ruleNodes.Count; i++)
            {
                if (ParseRule(ruleNodes[i], path, name, i + 1, templates, errors) is { } r)
                {
                    rules.Add(r);
                }
            }

            return new RuleGroupDesc(name, interval, checked((int)limit), offset, labels, rules, line) { Column = (int)node.Start.Column };
        }
        catch (ConfigException e)
        {
            errors.Add(new RuleFileError(path, e.Line, name.Length > 0 ? name : null, 0, null, e.Reason));
            return null;
        }
    }

    private static RuleDesc? ParseRule(YamlNode node, string path, string group, int index, IRuleTemplates templates, List<RuleFileError> errors)
    {
        var before = errors.Count;
        string? ruleName = null;
        // rulefmt points rule errors at the record/alert value node, expression errors at the expr value.
        YamlNode? nameNode = null;
        YamlNode? exprNode = null;
        void Fail(int line, string message) => errors.Add(nameNode is null
            ? new RuleFileError(path, line, group, index, ruleName ?? "", message)
            : new RuleFileError(path, YamlMap.LineOf(nameNode), group, index, ruleName ?? "", message, (int)nameNode.Start.Column));
        void FailExpr(string message) => errors.Add(new RuleFileError(path, YamlMap.LineOf(exprNode!), group, index, ruleName ?? "", message,
            (int)exprNode!.Start.Column));
        try
        {
            var m = YamlMap.From(node, "rulefmt.Rule");
            var record = m.String("record");
            var alert = m.String("alert");
            ruleName = record ?? alert;
            nameNode = m.Node("record") ?? m.Node("alert");
            exprNode = m.Node("expr");
            var exprText = m.String("expr");
            var hasFor = m.Has("for");
            var forDur = m.Duration("for") ?? TimeSpan.Zero;
            var hasKeep = m.Has("keep_firing_for");
            var keep = m.Duration("keep_firing_for") ?? TimeSpan.Zero;
            var labels = m.StringMap("labels");
            var hasAnnotations = m.Has("annotations");
            var annotations = m.StringMap("annotations");
            m.RejectUnknown();

            if (string.IsNullOrEmpty(record) && string.IsNullOrEmpty(alert))
            {
                Fail(m.Line, "one of 'record' or 'alert' must be set");
            }
            else if (!string.IsNullOrEmpty(record) && !string.IsNullOrEmpty(alert))
            {
                Fail(m.LineOf("record"), "only one of 'record' and 'alert' must be set");
            }

            Tsdb.PromQL.Ast.Expr? expr = null;
            if (string.IsNullOrEmpty(exprText))
            {
                Fail(m.Line, "field 'expr' must be set in rule");
            }
            else
            {
                try
                {
                    expr = PromQLParser.ParseExpr(exprText);
                }
                catch (PromQLException e)
                {
                    FailExpr("could not parse expression: " + e.Message);
                }
            }

            if (!string.IsNullOrEmpty(record))
            {
                if (hasAnnotations)
                {
                    Fail(m.LineOf("annotations"), "invalid field 'annotations' in recording rule");
                }

                if (hasFor)
                {
                    Fail(m.LineOf("for"), "invalid field 'for' in recording rule");
                }

                if (hasKeep)
                {
                    Fail(m.LineOf("keep_firing_for"), "invalid field 'keep_firing_for' in recording rule");
                }

                if (record.Contains('{', StringComparison.Ordinal) && record.Contains('}', StringComparison.Ordinal))
                {
                    Fail(m.LineOf("record"), $"braces present in the recording rule name; should it be in expr?: {record}");
                }
                else if (!LabelNames.IsValidMetricName(record))
                {
                    Fail(m.LineOf("record"), $"invalid recording rule name: {record}");
                }
            }

            if (forDur < TimeSpan.Zero || keep < TimeSpan.Zero)
            {
                Fail(m.Line, "durations must not be negative");
            }

            var lineOfLabels = m.LineOf("labels");
            foreach (var (k, _) in labels)
            {
                if (!LabelNames.IsValidLabelName(k) || k == Label.MetricName)
                {
                    Fail(lineOfLabels, $"invalid label name: {k}");
                }
            }

            foreach (var (k, _) in annotations)
            {
                if (!LabelNames.IsValidLabelName(k))
                {
                    Fail(m.LineOf("annotations"), $"invalid annotation name: {k}");
                }
            }

            if (!string.IsNullOrEmpty(alert))
            {
                // Prometheus parses the templates of alerting rules only (rulefmt testTemplateParsing).
                foreach (var (k, v) in labels)
                {
                    if (templates.Validate(v, alert) is { } err)
                    {
                        Fail(lineOfLabels, $"label \"{k}\": {err}");
                    }
                }

                foreach (var (k, v) in annotations)
                {
                    if (templates.Validate(v, alert) is { } err)
                    {
                        Fail(m.LineOf("annotations"), $"annotation \"{k}\": {err}");
                    }
                }
            }

            if (errors.Count > before || expr is null)
            {
                return null;
            }

            return new RuleDesc(string.IsNullOrEmpty(record) ? null : record, string.IsNullOrEmpty(alert) ? null : alert,
                exprText!, expr, forDur, keep, labels, annotations, m.Line);
        }
        catch (ConfigException e)
        {
            // Structural YAML errors (unknown field, bad duration) point at their own line.
            errors.Add(new RuleFileError(path, e.Line, group, index, ruleName ?? "", e.Reason));
            return null;
        }
    }

    private static void ValidateLabelNames(IReadOnlyList<KeyValuePair<string, string>> labels, string path, int line, string group,
        int index, string? rule, List<RuleFileError> errors, string what)
    {
        foreach (var (k, _) in labels)
        {
            if (!LabelNames.IsValidLabelName(k) || k == Label.MetricName)
            {
                errors.Add(new RuleFileError(path, line, group, index, rule, $"invalid {what} name: {k}"));
            }
        }
    }
}
