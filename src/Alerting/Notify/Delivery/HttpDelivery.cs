using System.Net;
using System.Net.Http.Headers;

namespace Tsdb.Alerting.Notify;

/// <summary>POSTs a JSON body and classifies the answer the way the notifiers need it.</summary>
internal static class HttpDelivery
{
    public const string UserAgent = "Alertmanager/0.28.0 (tsdb)";

    /// <param name="checkOk">inspects a 2xx response body; returns an error text to fail, null to accept.</param>
    public static async Task<DeliveryResult> PostJsonAsync(HttpClient client, Uri url, byte[] body, string userAgent, Func<HttpResponseMessage, string, string?>? checkOk, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, e.Message, Reason: "other");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, "request timed out", Reason: "other");
        }

        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return new DeliveryResult(DeliveryOutcome.Retry, e.Message, Reason: "other");
            }

            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                var err = checkOk?.Invoke(response, text);
                return err is null ? DeliveryResult.Ok : new DeliveryResult(DeliveryOutcome.Fail, err, Reason: "clientError");
            }

            var message = $"unexpected status code {code}" + (text.Length > 0 ? ": " + Truncate(text, 1024) : "");
            if (code == (int)HttpStatusCode.TooManyRequests || code >= 500)
            {
                return new DeliveryResult(DeliveryOutcome.Retry, message, RetryAfter(response), code >= 500 ? "serverError" : "clientError");
            }

            return new DeliveryResult(DeliveryOutcome.Fail, message, Reason: "clientError");
        }
    }

    /// <summary>Retry-After as delta seconds or an HTTP date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } d)
        {
            return d;
        }

        if (ra?.Date is { } date)
        {
            var delta = date - DateTimeOffset.UtcNow;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        return null;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
