using CarSearch.Functions.Hosting;
using CarSearch.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<HttpErrorMiddleware>();
builder.Services
    .AddCarSearchTelemetry()
    .AddCarSearchFunctions(builder.Configuration);
builder.Build().Run();
