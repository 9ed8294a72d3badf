namespace Tsdb.Storage;

/// <summary>Mutable helper to derive a label set from another (set, delete, keep).</summary>
public sealed class LabelsBuilder
{
    private readonly List<Label> _labels = [];

    public LabelsBuilder()
    {
    }

    public LabelsBuilder(Labels from) => Reset(from);

    public LabelsBuilder Reset(Labels from)
    {
        _labels.Clear();
        foreach (var l in from)
        {
            _labels.Add(l);
        }

        return this;
    }

    public string Get(string name)
    {
        foreach (var l in _labels)
        {
            if (l.Name == name)
            {
                return l.Value;
            }
        }

        return "";
    }

    /// <summary>Sets a label; an empty value deletes it.</summary>
    public LabelsBuilder Set(string name, string value)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (_labels[i].Name == name)
            {
                if (value.Length == 0)
                {
                    _labels.RemoveAt(i);
                }
                else
                {
                    _labels[i] = new Label(name, value);
                }

                return this;
            }
        }

        if (value.Length != 0)
        {
            _labels.Add(new Label(name, value));
        }

        return this;
    }

    public LabelsBuilder Delete(params string[] names)
    {
        _labels.RemoveAll(l => Array.IndexOf(names, l.Name) >= 0);
        return this;
    }

    public LabelsBuilder Keep(params string[] names)
    {
        _labels.RemoveAll(l => Array.IndexOf(names, l.Name) < 0);
        return this;
    }

    public Labels Build() => Labels.FromUnsorted(_labels);
}
