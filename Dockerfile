# The PaperGraph web app, built with the README's commands. Build context: the repository root
# (docker compose build, or docker build -t papergraph:local .).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The .NET build runs the client's npm build (Vite) into wwwroot.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/PaperGraph.Web -c Release -o out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /src/out .
COPY graph-seed ./graph-seed
ENV ASPNETCORE_URLS=http://+:8080 Import__SeedPath=/app/graph-seed Storage__Path=/app/data
EXPOSE 8080
ENTRYPOINT ["dotnet", "PaperGraph.Web.dll"]
