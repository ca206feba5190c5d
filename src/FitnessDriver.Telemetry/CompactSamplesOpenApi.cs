using FitnessDriver.Contracts.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitnessDriver.Telemetry;

/// <summary>Describes the compact body of the samples endpoint in the OpenAPI document: binary, not the JSON schema.</summary>
internal static class CompactSamplesOpenApi
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content is { } content)
        {
            content[CompactSamples.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = "The same batch in the compact columnar layout of docs/api.md (version byte 1, device id and kind, count, "
                        + "channel mask, delta-coded times, then per channel a presence bitmap and its values). Same limits and answers as JSON.",
                },
            };
        }

        return Task.CompletedTask;
    }
}
