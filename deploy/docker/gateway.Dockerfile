# syntax=docker/dockerfile:1
# FitnessDriver.Gateway alone, as it runs scaled out. Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t fitnessdriver/gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer is reused until a package or a project reference changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/FitnessDriver.Contracts/FitnessDriver.Contracts.csproj src/FitnessDriver.Contracts/
COPY src/FitnessDriver.EventLog/FitnessDriver.EventLog.csproj src/FitnessDriver.EventLog/
COPY src/FitnessDriver.Hosting/FitnessDriver.Hosting.csproj src/FitnessDriver.Hosting/
COPY src/FitnessDriver.ServiceDefaults/FitnessDriver.ServiceDefaults.csproj src/FitnessDriver.ServiceDefaults/
COPY src/FitnessDriver.Postgres/FitnessDriver.Postgres.csproj src/FitnessDriver.Postgres/
COPY src/FitnessDriver.Gateway/FitnessDriver.Gateway.csproj src/FitnessDriver.Gateway/
RUN dotnet restore src/FitnessDriver.Gateway/FitnessDriver.Gateway.csproj
COPY src/ src/
RUN dotnet publish src/FitnessDriver.Gateway -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The image sets ASPNETCORE_HTTP_PORTS=8080 and defines APP_UID, a user without root rights.
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "FitnessDriver.Gateway.dll"]
