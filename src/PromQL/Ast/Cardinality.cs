namespace Tsdb.PromQL.Ast;

/// <summary>The cardinality of a vector matching.</summary>
public enum Cardinality : byte
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}
