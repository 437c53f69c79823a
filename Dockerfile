# Multi-stage build of the router. The runtime image runs as the unprivileged "app" user that the .NET images
# provide, reads its configuration from /etc/router/router.yaml (mount your own) and from ROUTER_* environment
# variables, and listens on Gorouter's port layout (docs/gorouter-compatibility.md §8.1): proxy 8081, status/health 8080,
# /routes 8082 (loopback inside the container unless ROUTER_STATUS__ROUTES__HOST says otherwise), metrics 9091.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Router/Router.csproj -c Release -o /app

# The published router is self-contained (src/Router/Router.csproj), so the runtime image needs only the
# native dependencies of .NET, not a shared framework.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /app .
COPY deploy/router.container.yaml /etc/router/router.yaml
# TC_CallCountingDelayMs=0: methods are counted for tier-up from their first call instead of after a quiet
# period with no new methods (100 ms, 1 s on a single core), which under load never comes; the router then
# reaches full speed in seconds instead of half a minute (docs/operations.md, "Runtime tuning").
# JitHostMaxSlabCache=0: the JIT's scratch memory goes back to the allocator after each compilation instead of
# up to 16 MB of it being kept for later ones; about 4 MB less resident memory.
ENV DOTNET_gcServer=0 \
    DOTNET_TieredPGO=1 \
    DOTNET_TC_CallCountingDelayMs=0 \
    DOTNET_JitHostMaxSlabCache=0
USER app
EXPOSE 8081 8080 8082 9091
# SIGTERM (docker stop) stops accepting and lets requests in flight finish; SIGUSR1 drains as Gorouter does.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s --timeout=2s --start-period=30s \
  CMD ["/app/Router", "--health-check", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["/app/Router", "--config", "/etc/router/router.yaml"]
