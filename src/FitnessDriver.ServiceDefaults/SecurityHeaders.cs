using Microsoft.AspNetCore.Http;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Headers every response carries: an API that serves JSON to apps needs no framing, sniffing, referrers or scripts,
/// and nothing it answers (tokens, personal data) may be kept by a cache.
/// </summary>
internal static class SecurityHeaders
{
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(Apply, context.Response);
        return next(context);
    }

    private static Task Apply(object state)
    {
        var headers = ((HttpResponse)state).Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
