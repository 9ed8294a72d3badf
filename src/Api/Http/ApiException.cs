namespace Tsdb.Api.Http;

/// <summary>An API error with Prometheus's errorType; thrown by handlers and turned into the error envelope.</summary>
public sealed class ApiException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;

    /// <summary>HTTP status for the errorType (api.go getDefaultErrorCode).</summary>
    public int Status => StatusOf(ErrorType);

    public static ApiException BadData(string message) => new("bad_data", message);

    public static int StatusOf(string errorType) => errorType switch
    {
        "bad_data" => 400,
        "execution" => 422,
        "canceled" => 499,
        "timeout" => 503,
        "not_found" => 404,
        "not_acceptable" => 406,
        _ => 500,
    };
}
