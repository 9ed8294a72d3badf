using Tsdb.Scrape.Parsing;

namespace Tsdb.Api.Import;

/// <summary>
/// Parses a whole exposition body, calling <paramref name="handler"/> per entry, and throws
/// <see cref="ExpositionFormatException"/> on malformed input: the shape of
/// <c>Tsdb.Scrape.Parsing.ExpositionReader.Parse</c>, which the import uses.
/// </summary>
public delegate void ExpositionParse(ReadOnlySpan<byte> body, ExpositionFormat format, IExpositionHandler handler);
