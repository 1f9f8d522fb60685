# The PaperGraph web app. Build context: the repository root (docker compose build).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/PaperGraph.Web -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
COPY graph-seed ./graph-seed
ENV ASPNETCORE_URLS=http://+:8080 Import__SeedPath=/app/graph-seed Storage__Path=/app/data
EXPOSE 8080
ENTRYPOINT ["dotnet", "PaperGraph.Web.dll"]
